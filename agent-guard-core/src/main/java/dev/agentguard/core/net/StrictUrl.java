package dev.agentguard.core.net;

import dev.agentguard.core.text.UntrustedText;
import java.net.IDN;
import java.util.Locale;
import java.util.Map;

/**
 * A URL read by our own strict parser (never {@code java.net.URL} or {@code java.net.URI}): scheme, canonical
 * host, port. Anything a mainstream parser could read differently is rejected with a rule id and a reason.
 *
 * @param scheme the lower-case scheme
 * @param host the canonical host: lower-case ASCII name without trailing dot, dotted-quad IPv4, or compressed
 *     IPv6 without brackets
 * @param kind what the host is
 * @param address the literal's bytes (4 or 16) for IP hosts, {@code null} for names
 * @param port the effective port (explicit, or the scheme's default)
 */
record StrictUrl(String scheme, String host, HostKind kind, byte[] address, int port) {

  /** What kind of host a URL names. */
  enum HostKind {
    NAME,
    IPV4,
    IPV6
  }

  /** The longest URL accepted. */
  static final int MAX_LENGTH = 8192;

  /** Schemes this parser understands, with their default ports. */
  static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("http", 80, "https", 443, "ws", 80, "wss", 443, "ftp", 21);

  /** A parse failure: the rule id that denies and why. */
  record Failure(String rule, String reason) {}

  /** Either a URL or a failure. */
  record Result(StrictUrl url, Failure failure) {
    static Result ok(StrictUrl url) {
      return new Result(url, null);
    }

    static Result fail(String rule, String reason) {
      return new Result(null, new Failure(rule, reason));
    }
  }

  static final String INVALID = "network.invalid-url";
  static final String SCHEME = "network.scheme";
  static final String USERINFO = "network.userinfo";
  static final String NON_CANONICAL = "network.non-canonical-ip";

  /** The host text as it would appear in a URL (IPv6 in brackets). */
  String hostForUrl() {
    return kind == HostKind.IPV6 ? "[" + host + "]" : host;
  }

  /** Parses {@code url}; never throws. */
  static Result parse(String url) {
    if (url == null) {
      return Result.fail(INVALID, "URL is missing");
    }
    if (url.length() > MAX_LENGTH) {
      return Result.fail(INVALID, "URL is longer than " + MAX_LENGTH + " characters");
    }
    int colon = url.indexOf(':');
    if (colon <= 0) {
      return Result.fail(INVALID, "URL has no scheme: " + quote(url));
    }
    String scheme = UrlSyntax.knownScheme(url, colon);
    if (scheme == null) {
      String rawScheme = url.substring(0, colon);
      if (!UrlSyntax.validScheme(rawScheme)) {
        return Result.fail(INVALID, "URL scheme is malformed: " + quote(url));
      }
      scheme = rawScheme.toLowerCase(Locale.ROOT);
      if (!DEFAULT_PORTS.containsKey(scheme)) {
        return Result.fail(SCHEME, "scheme '" + scheme + "' is not a supported network scheme (http, https, ws, wss,"
            + " ftp)");
      }
    }
    if (!url.startsWith("//", colon + 1)) {
      return Result.fail(INVALID, "URL must have the form " + scheme + "://host/...: " + quote(url));
    }
    int authStart = colon + 3;
    int authEnd = authStart;
    while (authEnd < url.length() && "/?#".indexOf(url.charAt(authEnd)) < 0) {
      authEnd++;
    }
    String bad = UrlSyntax.checkCharacters(url, authStart, authEnd);
    if (bad != null) {
      return Result.fail(INVALID, bad);
    }
    int at = url.indexOf('@', authStart);
    if (at >= 0 && at < authEnd) {
      return Result.fail(USERINFO, "URL carries userinfo ('@' in the authority), which is not allowed: "
          + quote(url));
    }
    int hash = url.indexOf('#', authEnd);
    if (hash >= 0 && url.indexOf('@', hash) >= 0) {
      return Result.fail(USERINFO, "URL has '@' in its fragment, which parsers read differently: " + quote(url));
    }
    String pct = UrlSyntax.checkPercentEscapes(url, authEnd);
    if (pct != null) {
      return Result.fail(INVALID, pct + ": " + quote(url));
    }
    return authority(url, url.substring(authStart, authEnd), scheme);
  }

  /** Splits the authority into host and port and canonicalises them. */
  private static Result authority(String url, String authority, String scheme) {
    String rawHost;
    String rawPort = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return Result.fail(INVALID, "IPv6 literal has no closing ']': " + quote(url));
      }
      rawHost = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          return Result.fail(INVALID, "unexpected text after the IPv6 literal: " + quote(url));
        }
        rawPort = after.substring(1);
      }
    } else {
      int c = authority.indexOf(':');
      if (c >= 0 && authority.indexOf(':', c + 1) >= 0) {
        return Result.fail(INVALID, "host has several ':' (an IPv6 literal needs brackets): " + quote(url));
      }
      rawHost = c >= 0 ? authority.substring(0, c) : authority;
      rawPort = c >= 0 ? authority.substring(c + 1) : null;
    }
    if (rawHost.isEmpty()) {
      return Result.fail(INVALID, "URL has no host: " + quote(url));
    }
    int port = DEFAULT_PORTS.get(scheme);
    if (rawPort != null) {
      if (rawPort.isEmpty() || rawPort.length() > 5 || !UrlSyntax.digits(rawPort, 0)
          || rawPort.charAt(0) == '0') {
        return Result.fail(INVALID, "port '" + rawPort + "' is not a number 1-65535: " + quote(url));
      }
      port = Integer.parseInt(rawPort);
      if (port > 65535) {
        return Result.fail(INVALID, "port " + port + " is out of range 1-65535: " + quote(url));
      }
    }
    return host(rawHost, scheme, port);
  }

  /** Canonicalises a raw host (as it appeared in the authority) for {@code scheme} and {@code port}. */
  static Result host(String rawHost, String scheme, int port) {
    if (rawHost.startsWith("[")) {
      if (!rawHost.endsWith("]") || rawHost.length() < 3) {
        return Result.fail(INVALID, "malformed IPv6 literal " + quote(rawHost));
      }
      String inner = rawHost.substring(1, rawHost.length() - 1);
      int zone = inner.indexOf('%');
      String addrText = zone >= 0 ? inner.substring(0, zone) : inner;
      byte[] v6 = IpAddresses.parseIpv6(addrText);
      if (v6 == null) {
        return Result.fail(INVALID, "malformed IPv6 literal " + quote(rawHost));
      }
      if (zone >= 0) {
        return Result.fail(NON_CANONICAL, "IPv6 literal " + quote(rawHost) + " carries a zone id; it reaches "
            + IpAddresses.format(v6) + " on a local interface");
      }
      byte[] v4 = AddressRanges.mappedOrCompatibleIpv4(v6);
      if (v4 != null && !isSpecialIpv6(v6)) {
        return Result.fail(NON_CANONICAL, "IPv6 literal " + quote(rawHost) + " is an IPv4-mapped or -compatible"
            + " spelling of " + IpAddresses.format(v4) + "; write IPv4 addresses as dotted quads");
      }
      return Result.ok(new StrictUrl(scheme, IpAddresses.format(v6), HostKind.IPV6, v6, port));
    }
    if (rawHost.indexOf('%') >= 0) {
      return Result.fail(INVALID, "host " + quote(rawHost) + " is percent-encoded, which is not allowed");
    }
    boolean ascii = true;
    for (int i = 0; i < rawHost.length() && ascii; i++) {
      ascii = rawHost.charAt(i) < 0x80;
    }
    String ace = rawHost;
    if (!ascii) {
      try {
        ace = IDN.toASCII(rawHost, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        return Result.fail(INVALID, "host " + quote(rawHost) + " is not a valid internationalised domain name");
      }
    }
    String lower = ace.toLowerCase(Locale.ROOT);
    boolean trailingDot = lower.endsWith(".");
    String name = trailingDot ? lower.substring(0, lower.length() - 1) : lower;
    if (name.isEmpty()) {
      return Result.fail(INVALID, "URL has no host");
    }
    if (UrlSyntax.looksNumeric(name, name.lastIndexOf('.') + 1)) {
      byte[] canonical = IpAddresses.parseCanonicalIpv4(rawHost);
      if (canonical != null) {
        return Result.ok(new StrictUrl(scheme, rawHost, HostKind.IPV4, canonical, port));
      }
      byte[] reached = IpAddresses.parseLegacyIpv4(name);
      if (reached != null) {
        return Result.fail(NON_CANONICAL, "host " + quote(rawHost) + " is a non-canonical spelling of IPv4 address "
            + IpAddresses.format(reached) + "; only dotted quads such as 192.0.2.1 are accepted");
      }
      return Result.fail(NON_CANONICAL, "host " + quote(rawHost)
          + " ends in a number but is not a dotted-quad IPv4 address");
    }
    if (!ascii && !roundTrips(rawHost, ace)) {
      return Result.fail(INVALID, "host " + quote(rawHost) + " uses characters that IDNA maps to others (such as"
          + " full-width letters or \u00df); parsers disagree on them, so write the plain form");
    }
    String bad = UrlSyntax.checkDnsName(name);
    if (bad != null) {
      return Result.fail(INVALID, "host " + quote(rawHost) + " " + bad);
    }
    return Result.ok(new StrictUrl(scheme, name, HostKind.NAME, null, port));
  }

  /**
   * Whether an internationalised host converts back to what was written (up to case and NFC): hosts whose
   * characters IDNA 2003 maps to other characters are read differently by IDNA 2008 / UTS #46 clients.
   */
  static boolean roundTrips(String raw, String ace) {
    String back;
    try {
      back = IDN.toUnicode(ace, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return false;
    }
    String written = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    return back.toLowerCase(Locale.ROOT).equals(written);
  }

  /** {@code ::} and {@code ::1} are IPv6 addresses of their own, not IPv4-compatible spellings. */
  private static boolean isSpecialIpv6(byte[] v6) {
    for (int i = 0; i < 15; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[15] == 0 || v6[15] == 1;
  }

  /** Quotes untrusted text for a reason, cut to a readable length. */
  static String quote(String s) {
    return UntrustedText.quote(s);
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof StrictUrl && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return scheme + "://" + hostForUrl() + ":" + port;
  }
}
