package dev.agentguard.core.net;

import dev.agentguard.core.glob.GlobSyntax;
import java.net.IDN;
import java.util.Locale;

/**
 * A validated, canonical host pattern of a {@link HostRule}: {@code *} (every public host), {@code *.suffix}
 * (names below the suffix at any depth, not the suffix itself), an exact name, or an exact IP address.
 *
 * @param kind the pattern's kind
 * @param value the canonical name or suffix (lower-case ASCII, no trailing dot, no {@code *.}), the formatted
 *     address, or {@code *}
 * @param address the address bytes for {@link Kind#ADDRESS}, else {@code null}
 */
record HostPattern(Kind kind, String value, byte[] address) {

  /** Pattern kinds. */
  enum Kind {
    ANY,
    SUFFIX,
    EXACT,
    ADDRESS
  }

  /**
   * Parses and canonicalises a host pattern.
   *
   * @throws IllegalArgumentException naming the pattern and what is wrong with it
   */
  static HostPattern parse(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("empty host pattern (expected e.g. api.github.com, *.example.com or *)");
    }
    checkPlainHost(pattern);
    if (pattern.equals(GlobSyntax.ANY_HOST)) {
      return new HostPattern(Kind.ANY, GlobSyntax.ANY_HOST, null);
    }
    if (pattern.startsWith("[") || pattern.indexOf(':') >= 0) {
      return ipv6(pattern);
    }
    if (pattern.indexOf('/') >= 0) {
      throw new IllegalArgumentException(bad(pattern, "contains '/'; use 'cidr:' for address ranges"));
    }
    boolean wildcard = pattern.startsWith(GlobSyntax.SUBDOMAINS);
    String body = wildcard ? pattern.substring(GlobSyntax.SUBDOMAINS.length()) : pattern;
    if (body.indexOf(GlobSyntax.ANY) >= 0) {
      throw new IllegalArgumentException(bad(pattern,
          "has '*' in the wrong place; only a whole first label is allowed, as in *.example.com, or * alone"));
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException(bad(pattern, "has nothing after '*.'"));
    }
    String name = canonicalName(pattern, body);
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (UrlSyntax.looksNumeric(last)) {
      return ipv4(pattern, body, wildcard);
    }
    String problem = UrlSyntax.checkDnsName(name);
    if (problem != null) {
      throw new IllegalArgumentException(bad(pattern, problem));
    }
    return new HostPattern(wildcard ? Kind.SUFFIX : Kind.EXACT, name, null);
  }

  /** Refuses whitespace, control and format characters, and a whole URL where a host belongs. */
  private static void checkPlainHost(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
          || Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT) {
        throw new IllegalArgumentException(bad(pattern, "contains whitespace or a control character"));
      }
    }
    if (pattern.contains("://")) {
      throw new IllegalArgumentException(bad(pattern, "is a URL; give only the host (schemes go under 'schemes')"));
    }
  }

  /** A pattern with {@code [} or {@code :}: only a full IPv6 address is accepted. */
  private static HostPattern ipv6(String pattern) {
    byte[] v6 = IpAddresses.parseLiteral(pattern);
    if (v6 != null && v6.length == 16) {
      return new HostPattern(Kind.ADDRESS, IpAddresses.format(v6), v6);
    }
    throw new IllegalArgumentException(
        bad(pattern, "contains ':'; give ports under 'ports' and IPv6 addresses in full"));
  }

  /** The lower-case ASCII form of a name (or suffix), without a trailing dot; IDNA-ambiguous names refused. */
  private static String canonicalName(String pattern, String body) {
    String ace = body;
    if (!body.chars().allMatch(ch -> ch < 0x80)) {
      try {
        ace = IDN.toASCII(body, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(bad(pattern, "is not a valid internationalised domain name"), e);
      }
    }
    if (!ace.equals(body) && !StrictUrl.roundTrips(body, ace)) {
      throw new IllegalArgumentException(bad(pattern,
          "uses characters that IDNA maps to others (such as full-width letters or \u00df); write the plain form"));
    }
    String name = ace.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException(bad(pattern, "has no host name"));
    }
    return name;
  }

  /** A pattern whose last label is numeric: only an exact dotted-quad IPv4 address is accepted. */
  private static HostPattern ipv4(String pattern, String body, boolean wildcard) {
    byte[] v4 = IpAddresses.parseCanonicalIpv4(body);
    if (!wildcard && v4 != null) {
      return new HostPattern(Kind.ADDRESS, IpAddresses.format(v4), v4);
    }
    throw new IllegalArgumentException(bad(pattern, wildcard
        ? "puts a wildcard on a numeric address; use 'cidr:' for address ranges"
        : "is not a dotted-quad IPv4 address such as 192.0.2.1 (other spellings are not accepted)"));
  }

  private static String bad(String pattern, String what) {
    return "bad host pattern " + StrictUrl.quote(pattern) + ": " + what;
  }

  /** The pattern as written in policies ({@code *.suffix} for suffixes). */
  String display() {
    return kind == Kind.SUFFIX ? GlobSyntax.SUBDOMAINS + value : value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostPattern && ((HostPattern) o).kind == kind && ((HostPattern) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    return display();
  }
}
