package dev.agentguard.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Strict text forms of IP addresses, without DNS. Canonical IPv4 is the plain dotted quad (four decimal parts
 * 0-255, no leading zeros); IPv6 is the RFC 4291 text form (optionally with a dotted-quad tail), without zone.
 * The legacy {@code inet_aton} reading (octal, hex, short forms, dword) is only used to say which address a
 * non-canonical spelling would reach.
 */
final class IpAddresses {
  private IpAddresses() {}

  /** Parses a canonical dotted-quad IPv4 address; returns its 4 bytes or {@code null}. */
  static byte[] parseCanonicalIpv4(String s) {
    if (s == null || s.isEmpty() || s.length() > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int part = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '.') {
        if (part > 3) {
          return null;
        }
        String p = s.substring(start, i);
        if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
          return null;
        }
        int v = 0;
        for (int k = 0; k < p.length(); k++) {
          char c = p.charAt(k);
          if (c < '0' || c > '9') {
            return null;
          }
          v = v * 10 + (c - '0');
        }
        if (v > 255) {
          return null;
        }
        out[part++] = (byte) v;
        start = i + 1;
      }
    }
    return part == 4 ? out : null;
  }

  /**
   * Reads {@code s} the way {@code inet_aton} and the WHATWG URL standard do (1 to 4 parts, each decimal, octal
   * with a leading {@code 0} or hex with {@code 0x}; the last part fills the remaining bytes). Returns the 4 bytes
   * reached, or {@code null} if {@code s} is not such a number.
   */
  static byte[] parseLegacyIpv4(String s) {
    if (s == null || s.isEmpty() || s.length() > 256) {
      return null;
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length > 1 && parts[parts.length - 1].isEmpty()) {
      String[] trimmed = new String[parts.length - 1];
      System.arraycopy(parts, 0, trimmed, 0, trimmed.length);
      parts = trimmed;
    }
    if (parts.length < 1 || parts.length > 4) {
      return null;
    }
    BigInteger[] values = new BigInteger[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = parseLegacyNumber(parts[i]);
      if (values[i] == null) {
        return null;
      }
    }
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i].compareTo(BigInteger.valueOf(255)) > 0) {
        return null;
      }
    }
    int lastBytes = 5 - parts.length;
    BigInteger last = values[parts.length - 1];
    if (last.bitLength() > lastBytes * 8) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < parts.length - 1; i++) {
      out[i] = (byte) values[i].intValue();
    }
    long l = last.longValue();
    for (int i = 3; i >= parts.length - 1; i--) {
      out[i] = (byte) (l & 0xff);
      l >>>= 8;
    }
    return out;
  }

  private static BigInteger parseLegacyNumber(String p) {
    if (p.isEmpty() || p.length() > 64) {
      return null;
    }
    int radix = 10;
    String digits = p;
    if (p.length() >= 2 && p.charAt(0) == '0' && (p.charAt(1) == 'x' || p.charAt(1) == 'X')) {
      radix = 16;
      digits = p.substring(2);
      if (digits.isEmpty()) {
        return BigInteger.ZERO;
      }
    } else if (p.length() > 1 && p.charAt(0) == '0') {
      radix = 8;
      digits = p.substring(1);
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c > 0x7f || Character.digit(c, radix) < 0) {
        return null;
      }
    }
    return new BigInteger(digits, radix);
  }

  /**
   * Parses an IPv6 address in RFC 4291 text form (hex groups of 1-4 digits, at most one {@code ::}, an optional
   * canonical dotted-quad tail); no brackets, no zone. Returns its 16 bytes or {@code null}.
   */
  static byte[] parseIpv6(String s) {
    if (s == null || s.length() < 2 || s.length() > 45) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
          || c == '.';
      if (!ok) {
        return null;
      }
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    String head = dc >= 0 ? s.substring(0, dc) : s;
    String tail = dc >= 0 ? s.substring(dc + 2) : "";
    int[] headGroups = groups(head, dc < 0);
    if (headGroups == null) {
      return null;
    }
    int[] tailGroups = dc >= 0 ? groups(tail, true) : new int[0];
    if (tailGroups == null) {
      return null;
    }
    // an embedded IPv4 tail may only appear at the very end
    if (dc >= 0 && head.contains(".")) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (dc < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      out[2 * i] = (byte) (headGroups[i] >>> 8);
      out[2 * i + 1] = (byte) headGroups[i];
    }
    int off = 8 - tailGroups.length;
    for (int i = 0; i < tailGroups.length; i++) {
      out[2 * (off + i)] = (byte) (tailGroups[i] >>> 8);
      out[2 * (off + i) + 1] = (byte) tailGroups[i];
    }
    return out;
  }

  /** Splits a run of groups; {@code allowV4Tail} lets the last element be a dotted quad (two groups). */
  private static int[] groups(String run, boolean allowV4Tail) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int n = parts.length;
    boolean v4 = parts[n - 1].contains(".");
    if (v4 && !allowV4Tail) {
      return null;
    }
    int[] out = new int[v4 ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (i == n - 1 && v4) {
        byte[] b = parseCanonicalIpv4(p);
        if (b == null) {
          return null;
        }
        out[i] = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        out[i + 1] = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      } else {
        if (p.isEmpty() || p.length() > 4 || p.contains(".")) {
          return null;
        }
        out[i] = Integer.parseInt(p, 16);
      }
    }
    return out;
  }

  /** Parses a plain literal: canonical dotted-quad IPv4 or IPv6 (brackets optional); {@code null} otherwise. */
  static byte[] parseLiteral(String s) {
    if (s == null) {
      return null;
    }
    byte[] v4 = parseCanonicalIpv4(s);
    if (v4 != null) {
      return v4;
    }
    String inner = s.length() > 2 && s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    return parseIpv6(inner);
  }

  /** Parses a plain literal into an address, or throws {@link IllegalArgumentException} naming it. */
  static InetAddress parseLiteralAddress(String s) {
    byte[] b = parseLiteral(s);
    if (b == null) {
      throw new IllegalArgumentException(
          "not an IP address: '" + s + "' (expected a dotted-quad IPv4 such as 192.0.2.1, or IPv6)");
    }
    return toInetAddress(b);
  }

  /** Wraps raw bytes (4 or 16) without DNS. */
  static InetAddress toInetAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address length " + bytes.length, e);
    }
  }

  /** Formats 4 or 16 bytes: dotted quad, or compressed lower-case IPv6 (RFC 5952). */
  static String format(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  /** Formats an address's raw bytes. */
  static String format(InetAddress a) {
    return format(a.getAddress());
  }
}
