package dev.agentguard.core.net;

import java.util.Arrays;

/** An address range: a network address (4 or 16 bytes) and a prefix length. Immutable. */
final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix) {
    this.network = network.clone();
    this.prefix = prefix;
    this.text = IpAddresses.format(network) + "/" + prefix;
  }

  /**
   * Parses {@code a.b.c.d/n} (n 0-32, canonical dotted quad) or {@code ipv6/n} (n 0-128); a bare address is a
   * single-address range. Host bits must be zero.
   *
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  static Cidr parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("empty CIDR (expected e.g. 10.20.0.0/16 or fd00::/8)");
    }
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = IpAddresses.parseCanonicalIpv4(addr);
    if (bytes == null) {
      bytes = IpAddresses.parseIpv6(addr);
    }
    if (bytes == null) {
      throw new IllegalArgumentException("bad CIDR '" + s + "': '" + addr
          + "' is not an IP address (IPv4 must be a full dotted quad such as 10.0.0.0)");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new IllegalArgumentException("bad CIDR '" + s + "': prefix length '" + p + "' is not a number 0-" + max);
      }
      prefix = Integer.parseInt(p);
      if (prefix > max) {
        throw new IllegalArgumentException("bad CIDR '" + s + "': prefix length " + prefix + " exceeds " + max);
      }
    }
    byte[] masked = mask(bytes, prefix);
    if (!Arrays.equals(masked, bytes)) {
      throw new IllegalArgumentException("bad CIDR '" + s + "': host bits are set; did you mean "
          + IpAddresses.format(masked) + "/" + prefix + "?");
    }
    return new Cidr(bytes, prefix);
  }

  /** A range from raw parts, for built-in tables (host bits are cleared). */
  static Cidr of(byte[] network, int prefix) {
    return new Cidr(mask(network, prefix), prefix);
  }

  /** Parses a built-in range known to be valid. */
  static Cidr builtIn(String s) {
    return parse(s);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - 8 * i));
      int m = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
      out[i] = (byte) (out[i] & m);
    }
    return out;
  }

  /** Whether {@code address} (4 or 16 bytes) lies in this range; families never mix. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xff << (8 - rest)) & 0xff;
    return (address[full] & m) == (network[full] & m);
  }

  /** The prefix length. */
  int prefix() {
    return prefix;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr && ((Cidr) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
