package dev.agentguard.core.net;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates URLs part by part for the differential test: scheme, separator, userinfo, host, port and path,
 * query and fragment. Most parts are spellings both readers accept (so most cases are compared host for host),
 * with a minority of the hostile spellings published bypasses use: IPv4 in octal, hex, dword and short forms,
 * IPv6 with zone ids and embedded or mapped IPv4, internationalised names and look-alike dots, percent-encoded
 * hosts, userinfo, backslashes, odd ports and path characters parsers disagree on.
 */
final class UrlCases {

  /** Where a generated URL points: a listening loopback address (bytes) and its port. */
  record Target(byte[] address, int port) {}

  private final List<Target> targets;

  /** URLs aimed mostly at {@code targets} (loopback listeners the test can really connect to). */
  UrlCases(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  Arbitrary<String> urls() {
    Arbitrary<Tuple.Tuple2<String, String>> hostAndPort = Arbitraries.of(targets).flatMap(t ->
        Combinators.combine(host(t), port(t)).as(Tuple::of));
    return Combinators.combine(scheme(), separator(), userinfo(), hostAndPort, rest())
        .as((s, sep, u, hp, r) -> s + sep + u + hp.get1() + hp.get2() + r);
  }

  private static Arbitrary<String> scheme() {
    return Arbitraries.frequencyOf(
        Tuple.of(14, Arbitraries.just("http")),
        Tuple.of(2, Arbitraries.of("HTTP", "Http", "hTtP")),
        Tuple.of(3, Arbitraries.of("https", "HTTPS")),
        Tuple.of(1, Arbitraries.of("ws", "wss", "ftp", "file", "gopher", "h\u0442tp")));
  }

  private static Arbitrary<String> separator() {
    return Arbitraries.frequencyOf(
        Tuple.of(40, Arbitraries.just("://")),
        Tuple.of(1, Arbitraries.of(":/", ":", ":\\\\", ":/\\", ":///", "://\t")));
  }

  private static Arbitrary<String> userinfo() {
    return Arbitraries.frequencyOf(
        Tuple.of(30, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.of("u@", "u:p@", "@", "127.0.0.1@", "evil.invalid@", "a%40b@", "u:p%40@",
            "[::1]@", "u@evil.invalid@")));
  }

  private Arbitrary<String> host(Target t) {
    return Arbitraries.frequencyOf(
        Tuple.of(50, literal(t)),
        Tuple.of(6, otherIpv4()),
        Tuple.of(5, HostSpellings.ipv6()),
        Tuple.of(16, names()),
        Tuple.of(2, idnNames()),
        Tuple.of(4, HostSpellings.hostileIpv4(t.address().length == 4 ? t.address() : new byte[] {127, 0, 0, 1})),
        Tuple.of(3, HostSpellings.hostileIpv6()),
        Tuple.of(2, Arbitraries.of("127\u30020\u30020\u30021", "127\uff0e0\uff0e0\uff0e1", "localhost\u3002",
            "example\uff61invalid", "127.0.0.1\u200b", "loc\u0430lhost", "\u2474.invalid", "ex\u00adample.invalid")),
        Tuple.of(1, Arbitraries.of("%31%32%37.0.0.1", "127.0.0.%31", "loc%61lhost", "%5b::1%5d", "127%2e0.0.1",
            "%6c%6f%63%61%6c%68%6f%73%74")));
  }

  /** The listener's own address, as a dotted quad or a bracketed IPv6 literal in one of its spellings. */
  private static Arbitrary<String> literal(Target t) {
    byte[] a = t.address();
    if (a.length == 4) {
      return Arbitraries.just((a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff));
    }
    return Arbitraries.of("[::1]", "[::1]", "[0::1]", "[0:0:0:0:0:0:0:1]", "[::0:1]", "[0000:0000::0001]",
        "[0:0::0:1]");
  }

  private static Arbitrary<String> otherIpv4() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    return Arbitraries.frequencyOf(
        Tuple.of(3, octet.list().ofSize(4).map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3))),
        Tuple.of(2, Arbitraries.of("10.0.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "255.255.255.255",
            "100.64.0.1", "192.0.2.7", "224.0.0.1", "127.255.255.254", "172.16.0.1", "8.8.8.8")));
  }

  private static Arbitrary<String> names() {
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
        .ofMinLength(1).ofMaxLength(12).filter(l -> !l.startsWith("-") && !l.endsWith("-"));
    Arbitrary<String> tld = Arbitraries.of("invalid", "test", "example", "localhost", "com", "internal", "local",
        "xn--nxasmq6b", "co.uk");
    Arbitrary<String> plain = Combinators.combine(label.list().ofMinSize(0).ofMaxSize(3), tld)
        .as((ls, t) -> ls.isEmpty() ? t : String.join(".", ls) + "." + t);
    return Arbitraries.frequencyOf(
        Tuple.of(8, plain),
        Tuple.of(2, Arbitraries.of("localhost", "LOCALHOST", "localhost.", "LocalHost", "metadata.google.internal",
            "a.b-c.d", "x", "0a.invalid", "1x.invalid", "xn--bcher-kva.invalid")),
        Tuple.of(2, plain.map(n -> n.toUpperCase(Locale.ROOT))),
        Tuple.of(1, plain.map(n -> n + ".")),
        Tuple.of(1, Arbitraries.of("a..invalid", "-a.invalid", "a-.invalid", "a_b.invalid", "*.invalid",
            ".invalid", "a.invalid..", "0x7f.invalid.0x1", "1.invalid.2")));
  }

  private static Arbitrary<String> idnNames() {
    return Arbitraries.of("b\u00fccher.invalid", "\u043f\u0440\u0438\u043c\u0435\u0440.test",
        "\u4f8b\u3048.test", "ex\u00e4mple.invalid", "\u0435xample.invalid", "stra\u00dfe.invalid",
        "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.invalid", "\u212aelvin.invalid", "I\u0307stanbul.invalid",
        "caf\u0065\u0301.invalid");
  }

  private Arbitrary<String> port(Target t) {
    String p = String.valueOf(t.port());
    Arbitrary<String> listener = Arbitraries.just(":" + p);
    Arbitrary<String> another = Arbitraries.of(targets).map(o -> ":" + o.port());
    return Arbitraries.frequencyOf(
        Tuple.of(30, listener),
        Tuple.of(3, another),
        Tuple.of(4, Arbitraries.just("")),
        Tuple.of(2, Arbitraries.integers().between(1, 65535).map(i -> ":" + i)),
        Tuple.of(2, Arbitraries.of(":", ":0" + p, ":+" + p, ":" + p + "0", ":65536", ":99999", ":0", ":-1",
            ": " + p, ":" + p + " ", ":0x50", ":" + p + ":" + p, ":\uff18\uff10")));
  }

  private static Arbitrary<String> rest() {
    return Arbitraries.frequencyOf(
        Tuple.of(20, Arbitraries.of("", "/", "/a/b/c", "/index.html", "/a?b=c", "/a?b=c#d", "?q=1", "#top",
            "/%2e%2e/%2f", "/..%2F..%2Fetc", "/@evil.invalid", "/a;b=c,d", "/~u/!$&'()*+,;=:@", "?q=@evil.invalid",
            "?u=http://evil.invalid/&a=%20", "#/a?b", "/%E2%80%AE", "?%00", "//double/slash", "/.%2e/", "/:80",
            "?:@/", "/a%23b", "/a%3fb", "/%5c@evil.invalid")),
        Tuple.of(2, Arbitraries.of("/a b", "/a|b", "/\u00e4", "#@evil.invalid", "\\@evil.invalid", "/%zz", "/%",
            "?a=\t", "/a{b}", "/a`b", "/a^b", "/\"", "/a<b>", "#a#b", "/\u2028", "/a\\b")));
  }
}
