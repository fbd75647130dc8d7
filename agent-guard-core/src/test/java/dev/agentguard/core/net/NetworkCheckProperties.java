package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NetworkCheckProperties {

  private static final List<String> SCHEMES = List.of("https", "http");

  /** Rules that open a mixture of public and private space, so both outcomes are common. */
  private static final List<HostRule> RULES = List.of(
      HostRule.host("*", List.of(443)),
      HostRule.host("api.example.com"),
      HostRule.host("*.example.com", List.of(80, 8080)),
      HostRule.host("exact.org", List.of(80, 443)),
      HostRule.cidr("10.20.0.0/16", List.of(80, 443)),
      HostRule.cidr("127.0.0.1/32", List.of(8080)),
      HostRule.cidr("fd00:1::/32", List.of(443)),
      HostRule.cidr("169.254.0.0/16", List.of(80)));

  private static final NetworkRules NETWORK = new NetworkRules(SCHEMES, RULES, Verdict.DENY);

  // ---------------------------------------------------------------- IPv4 spellings

  @Provide
  Arbitrary<byte[]> ipv4() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(4);
    Arbitrary<byte[]> interesting = Arbitraries.of(
        new byte[] {127, 0, 0, 1}, new byte[] {10, 20, 1, 1}, new byte[] {(byte) 169, (byte) 254, (byte) 169,
            (byte) 254}, new byte[] {0, 0, 0, 0}, new byte[] {(byte) 192, (byte) 168, 0, 1},
        new byte[] {100, 100, 100, (byte) 200}, new byte[] {8, 8, 8, 8}, new byte[] {(byte) 255, (byte) 255,
            (byte) 255, (byte) 255}, new byte[] {(byte) 169, (byte) 254, 1, 1});
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, random), net.jqwik.api.Tuple.of(1, interesting));
  }

  @Provide
  Arbitrary<Integer> spelling() {
    return Arbitraries.integers().between(0, 11);
  }

  @Provide
  Arbitrary<String> scheme() {
    return Arbitraries.of("http", "https");
  }

  @Provide
  Arbitrary<Integer> port() {
    return Arbitraries.of(-1, 80, 443, 8080, 8443);
  }

  static String spell(byte[] a, int how, java.util.Random rnd) {
    long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
    int[] p = {a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff};
    switch (how) {
      case 0:
        return p[0] + "." + p[1] + "." + p[2] + "." + p[3];
      case 1:
        return Long.toString(v);
      case 2:
        return "0x" + Long.toHexString(v);
      case 3:
        return "0" + Long.toOctalString(v);
      case 4:
        return "0" + Integer.toOctalString(p[0]) + "." + p[1] + "." + p[2] + "." + p[3];
      case 5:
        return "0x" + Integer.toHexString(p[0]) + ".0x" + Integer.toHexString(p[1]) + "." + p[2] + ".0"
            + Integer.toOctalString(p[3]);
      case 6:
        return p[0] + "." + p[1] + "." + ((p[2] << 8) | p[3]);
      case 7:
        return p[0] + "." + ((p[1] << 16) | (p[2] << 8) | p[3]);
      case 8:
        return p[0] + "." + p[1] + "." + p[2] + "." + p[3] + ".";
      case 9:
        return "[::ffff:" + p[0] + "." + p[1] + "." + p[2] + "." + p[3] + "]";
      case 10:
        return "[::" + p[0] + "." + p[1] + "." + p[2] + "." + p[3] + "]";
      default:
        return String.format(Locale.ROOT, "%03d.%03d.%03d.%03d", p[0], p[1], p[2], p[3]);
    }
  }

  @Property(tries = 1500)
  void everyIpv4SpellingIsDecidedAsItsCanonicalForm(@ForAll("ipv4") byte[] a, @ForAll("spelling") int how,
      @ForAll("scheme") String scheme, @ForAll("port") int port) {
    String canonical = IpAddresses.format(a);
    String spelled = spell(a, how, null);
    String portPart = port < 0 ? "" : ":" + port;
    NetworkCheck check = new NetworkCheck(NETWORK, HostResolver.fixed(Map.of()));
    Decision d = check.check(scheme + "://" + spelled + portPart + "/x");
    int effective = port < 0 ? (scheme.equals("https") ? 443 : 80) : port;
    boolean expectAllow = ReferenceOracle.allowsAddress(SCHEMES, RULES, scheme, a, canonical, effective);
    if (spelled.equals(canonical) || (how == 10 && isSpecialCompatible(a))) {
      if (how == 10 && isSpecialCompatible(a)) {
        return; // [::0.0.0.0] and [::0.0.0.1] are :: and ::1, IPv6 addresses of their own
      }
      assertThat(d.isAllow()).as(spelled + " -> " + d).isEqualTo(expectAllow);
      if (!d.isAllow()) {
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
      }
    } else {
      assertThat(d.isDeny()).as(spelled + " -> " + d).isTrue();
      assertThat(d.rule()).as(spelled + " -> " + d).isEqualTo("network.non-canonical-ip");
    }
  }

  private static boolean isSpecialCompatible(byte[] a) {
    return a[0] == 0 && a[1] == 0 && a[2] == 0 && (a[3] == 0 || a[3] == 1);
  }

  // ---------------------------------------------------------------- IPv6 spellings

  @Provide
  Arbitrary<byte[]> ipv6() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(16);
    Arbitrary<String> prefix = Arbitraries.of("2606:4700::", "2001:db8::", "fe80::", "fc00::", "fd00:1::",
        "fd00:ec2::", "ff02::", "64:ff9b::", "2002::", "2001::", "::", "100::", "fec0::", "3fff::", "4000::");
    Arbitrary<Integer> prefixLen = Arbitraries.of(16, 32, 64, 96, 120);
    Arbitrary<byte[]> prefixed = Combinators.combine(random, prefix, prefixLen).as((r, pfx, len) -> {
      byte[] b;
      try {
        b = InetAddress.getByName(pfx).getAddress();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      byte[] out = r.clone();
      for (int i = 0; i < len / 8; i++) {
        out[i] = b[i];
      }
      return out;
    });
    Arbitrary<byte[]> embeds = Combinators.combine(ipv4(), Arbitraries.of("64:ff9b::", "2002::"))
        .as((v4, pfx) -> {
          byte[] out = new byte[16];
          if (pfx.equals("2002::")) {
            out[0] = 0x20;
            out[1] = 0x02;
            System.arraycopy(v4, 0, out, 2, 4);
          } else {
            out[1] = 0x64;
            out[2] = (byte) 0xff;
            out[3] = (byte) 0x9b;
            System.arraycopy(v4, 0, out, 12, 4);
          }
          return out;
        });
    return Arbitraries.oneOf(random, prefixed, embeds,
        Arbitraries.of(new byte[16], fromHex("00000000000000000000000000000001"),
            fromHex("fd000ec2000000000000000000000254")));
  }

  private static byte[] fromHex(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static String spell6(byte[] a, int how) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    StringBuilder sb = new StringBuilder();
    switch (how % 4) {
      case 0: // full, no compression
        for (int i = 0; i < 8; i++) {
          sb.append(i == 0 ? "" : ":").append(Integer.toHexString(g[i]));
        }
        return sb.toString();
      case 1: // full with leading zeros, upper case
        for (int i = 0; i < 8; i++) {
          sb.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%04X", g[i]));
        }
        return sb.toString();
      case 2: // dotted-quad tail
        for (int i = 0; i < 6; i++) {
          sb.append(Integer.toHexString(g[i])).append(':');
        }
        return sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.').append(a[14] & 0xff)
            .append('.').append(a[15] & 0xff).toString();
      default: // compressed, via the JDK's formatter (independent of ours)
        try {
          String s = InetAddress.getByAddress(a).getHostAddress();
          return s.contains(":") ? s : "::ffff:" + s;
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(e);
        }
    }
  }

  @Property(tries = 1500)
  void everyIpv6SpellingIsDecidedAsItsCanonicalForm(@ForAll("ipv6") byte[] a,
      @ForAll("spelling") int how, @ForAll("scheme") String scheme, @ForAll("port") int port) {
    NetworkCheck check = new NetworkCheck(NETWORK, HostResolver.fixed(Map.of()));
    String spelled = spell6(a, how);
    String portPart = port < 0 ? "" : ":" + port;
    int effective = port < 0 ? (scheme.equals("https") ? 443 : 80) : port;
    Decision d = check.check(scheme + "://[" + spelled + "]" + portPart + "/");
    Decision canonical = check.check(scheme + "://[" + IpAddresses.format(a) + "]" + portPart + "/");
    boolean mappedOrCompatible = isMappedOrCompatible(a);
    if (mappedOrCompatible) {
      assertThat(d.rule()).as(spelled + " -> " + d).isEqualTo("network.non-canonical-ip");
      return;
    }
    assertThat(d).as(spelled).isEqualTo(canonical.rule().equals(d.rule()) ? d : canonical);
    boolean expect = ReferenceOracle.allowsAddress(SCHEMES, RULES, scheme, a, IpAddresses.format(a), effective);
    assertThat(d.isAllow()).as(spelled + " -> " + d).isEqualTo(expect);
    // a zone id is never accepted
    Decision zoned = check.check(scheme + "://[" + spelled + "%25eth0]" + portPart + "/");
    assertThat(zoned.isDeny()).isTrue();
  }

  private static boolean isMappedOrCompatible(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    boolean mapped = (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    boolean compat = a[10] == 0 && a[11] == 0;
    if (compat) {
      boolean special = true;
      for (int i = 12; i < 15; i++) {
        special &= a[i] == 0;
      }
      if (special && (a[15] == 0 || a[15] == 1)) {
        return false;
      }
    }
    return mapped || compat;
  }

  // ---------------------------------------------------------------- names and DNS answers

  @Provide
  Arbitrary<String> hostName() {
    Arbitrary<String> label = Arbitraries.oneOf(Arbitraries.of("api", "www", "a", "b", "example", "evil", "exact",
        "evilexample", "xexample"), Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4));
    Arbitrary<String> tld = Arbitraries.of("com", "org", "net");
    return Combinators.combine(label.list().ofMinSize(0).ofMaxSize(3), Arbitraries.of("example", "exact", "evil",
        "other"), tld).as((ls, sld, t) -> {
          StringBuilder sb = new StringBuilder();
          for (String l : ls) {
            sb.append(l).append('.');
          }
          return sb.append(sld).append('.').append(t).toString();
        });
  }

  @Property(tries = 1500)
  void urlIsAllowedExactlyWhenTheOracleAllowsIt(@ForAll("hostName") String host, @ForAll("scheme") String scheme,
      @ForAll("port") int port, @ForAll("answers") List<byte[]> answers) throws Exception {
    List<InetAddress> addrs = new ArrayList<>();
    for (byte[] a : answers) {
      addrs.add(InetAddress.getByAddress(a));
    }
    NetworkCheck check = new NetworkCheck(NETWORK, h -> addrs);
    String portPart = port < 0 ? "" : ":" + port;
    int effective = port < 0 ? (scheme.equals("https") ? 443 : 80) : port;
    Decision d = check.check(scheme + "://" + host + portPart + "/p?q=1");
    List<byte[]> seen = new ArrayList<>();
    for (InetAddress a : addrs) {
      seen.add(a.getAddress());
    }
    boolean expect = ReferenceOracle.allowsName(SCHEMES, RULES, scheme, host, effective, seen);
    assertThat(d.isAllow()).as(host + portPart + " " + addrs + " -> " + d).isEqualTo(expect);
  }

  @Provide
  Arbitrary<List<byte[]>> answers() {
    return Arbitraries.oneOf(ipv4(), ipv6()).list().ofMinSize(0).ofMaxSize(3);
  }

  // ---------------------------------------------------------------- wildcard suffixes

  @Property(tries = 500)
  void wildcardNeverMatchesLookAlikes(@ForAll("hostName") String prefixName, @ForAll("label") String glue) {
    NetworkRules rules = new NetworkRules(List.of("https"), List.of(HostRule.host("*.example.com")), Verdict.DENY);
    NetworkCheck check = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    for (String host : List.of(glue + "example.com", "example.com." + glue + ".net", "example.com",
        glue + "-example.com", prefixName.replace('.', '-') + "example.com")) {
      assertThat(check.check("https://" + host + "/").isAllow()).as(host).isFalse();
    }
    assertThat(check.check("https://" + glue + ".example.com/").isAllow()).isTrue();
  }

  @Provide
  Arbitrary<String> label() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
  }

  // ---------------------------------------------------------------- parser agreement with the JDK on plain URLs

  @Property(tries = 500)
  void plainUrlsParseToTheHostAndPortTheJdkSees(@ForAll("hostName") String host, @ForAll("port") int port,
      @ForAll("scheme") String scheme) throws Exception {
    String url = scheme + "://" + host + (port < 0 ? "" : ":" + port) + "/a/b?c=d#e";
    StrictUrl.Result r = StrictUrl.parse(url);
    java.net.URI uri = new java.net.URI(url);
    assertThat(r.url()).isNotNull();
    assertThat(r.url().host()).isEqualTo(uri.getHost());
    int jdkPort = uri.getPort() < 0 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
    assertThat(r.url().port()).isEqualTo(jdkPort);
  }

  // ---------------------------------------------------------------- name spellings

  @Property(tries = 1000)
  void nameSpellingsAreDecidedAsTheCanonicalName(@ForAll("hostName") String host, @ForAll("scheme") String scheme,
      @ForAll("port") int port, @ForAll("answers") List<byte[]> answers, @ForAll long caseSeed,
      @ForAll boolean trailingDot) throws Exception {
    List<InetAddress> addrs = new ArrayList<>();
    for (byte[] a : answers) {
      addrs.add(InetAddress.getByAddress(a));
    }
    NetworkCheck check = new NetworkCheck(NETWORK, h -> addrs);
    java.util.Random rnd = new java.util.Random(caseSeed);
    StringBuilder spelled = new StringBuilder();
    for (char c : host.toCharArray()) {
      spelled.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    if (trailingDot) {
      spelled.append('.');
    }
    String portPart = port < 0 ? "" : ":" + port;
    Decision canonical = check.check(scheme + "://" + host + portPart + "/");
    Decision other = check.check(scheme + "://" + spelled + portPart + "/");
    assertThat(other.verdict()).as(spelled.toString()).isEqualTo(canonical.verdict());
    assertThat(other.rule()).isEqualTo(canonical.rule());
  }
}
