package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkCheckTest {

  /** A policy like the example in docs/policy-file.md, plus '*' for public hosts on https. */
  private static final NetworkRules RULES = new NetworkRules(List.of("https", "http"), List.of(
      HostRule.host("api.github.com"),
      HostRule.host("*.example.com", List.of(443, 8443)),
      HostRule.cidr("10.20.0.0/16"),
      HostRule.host("*")), Verdict.DENY);

  private static final HostResolver RESOLVER = HostResolver.fixed(Map.of(
      "127.0.0.1.nip.io", List.of("127.0.0.1"),
      "localtest.me", List.of("127.0.0.1"),
      "evil-rebind.com", List.of("10.0.0.5"),
      "meta.attacker.com", List.of("169.254.169.254"),
      "mixed.attacker.com", List.of("93.184.216.34", "192.168.1.1"),
      "v6private.attacker.com", List.of("fd00::1"),
      "public.example.com", List.of("93.184.216.34"),
      "corp.example.org", List.of("10.20.3.4")));

  private final NetworkCheck check = new NetworkCheck(RULES, RESOLVER);

  private Decision decide(String url) {
    return check.check(url);
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // allowed
      "https://api.github.com/repos                     | allow | network.allow",
      "https://API.GitHub.com./repos                    | allow | network.allow",
      "https://api.github.com:443/x?q=1#frag            | allow | network.allow",
      "https://a.b.example.com:8443/                    | allow | network.allow",
      "https://public.example.com/                      | allow | network.allow",
      "https://93.184.216.34/                           | allow | network.allow",
      "https://[2606:4700::6810:84e5]/                  | allow | network.allow",
      "https://10.20.1.2/                               | allow | network.cidr",
      "https://corp.example.org/                        | allow | network.allow",
      "https://bücher.de/                               | allow | network.allow",
      "https://Bücher.de/                               | allow | network.allow",
      "https://xn--bcher-kva.de/                        | allow | network.allow",
      "https://faß.de/                                  | deny | network.invalid-url",
      "https://ｅｘａｍｐｌｅ.com/                       | deny | network.invalid-url",
      "https://api。github.com/                          | deny | network.invalid-url",
      // schemes
      "ftp://api.github.com/                            | deny | network.scheme",
      "file:///etc/passwd                               | deny | network.scheme",
      "gopher://127.0.0.1:6379/_INFO                    | deny | network.scheme",
      "dict://127.0.0.1:11211/stat                      | deny | network.scheme",
      "jar:https://api.github.com/x.jar!/               | deny | network.scheme",
      "javascript:alert(1)                              | deny | network.scheme",
      // syntax
      "https:/api.github.com/                           | deny | network.invalid-url",
      "https:api.github.com                             | deny | network.invalid-url",
      "//api.github.com/                                | deny | network.invalid-url",
      "https://                                         | deny | network.invalid-url",
      "https:///path                                    | deny | network.invalid-url",
      "https://api.github.com:/                         | deny | network.invalid-url",
      "https://api.github.com:0/                        | deny | network.invalid-url",
      "https://api.github.com:65536/                    | deny | network.invalid-url",
      "https://api.github.com:+443/                     | deny | network.invalid-url",
      "https://api.github.com:0443/                     | deny | network.invalid-url",
      "https://api.github.com:443:443/                  | deny | network.invalid-url",
      "https://api.git%68ub.com/                        | deny | network.invalid-url",
      "https://api.github.com/%zz                       | deny | network.invalid-url",
      "https://api_github.com/                          | deny | network.invalid-url",
      "https://api..github.com/                         | deny | network.invalid-url",
      "https://-api.github.com/                         | deny | network.invalid-url",
      "https://[::1/                                    | deny | network.invalid-url",
      "https://::1/                                     | deny | network.invalid-url",
      "https://[v1.fe]/                                 | deny | network.invalid-url",
      // Orange Tsai, A New Era of SSRF: parser confusion
      "http://evil.com\\@api.github.com/                | deny | network.invalid-url",
      "https://evil.com\\api.github.com/                | deny | network.invalid-url",
      "https://api.github.com#@evil.com                 | deny | network.userinfo",
      "https://evil.com;api.github.com/                 | deny | network.invalid-url",
      "https://evil.com#@api.github.com/                | deny | network.userinfo",
      "https://user:pass@api.github.com/                | deny | network.userinfo",
      "https://api.github.com@evil.com/                 | deny | network.userinfo",
      "https://api.github.com:443@evil.com/             | deny | network.userinfo",
      "https://evil.com%40api.github.com/               | deny | network.invalid-url",
      "https://evil.com%2fapi.github.com/               | deny | network.invalid-url",
      // PayloadsAllTheThings: numeric spellings of loopback and friends
      "http://0/                                        | deny | network.non-canonical-ip",
      "http://127.1/                                    | deny | network.non-canonical-ip",
      "http://127.0.1/                                  | deny | network.non-canonical-ip",
      "http://0x7f000001/                               | deny | network.non-canonical-ip",
      "http://2130706433/                               | deny | network.non-canonical-ip",
      "http://017700000001/                             | deny | network.non-canonical-ip",
      "http://0177.0.0.1/                               | deny | network.non-canonical-ip",
      "http://0x7f.1/                                   | deny | network.non-canonical-ip",
      "http://0x7f.0x0.0x0.0x1/                         | deny | network.non-canonical-ip",
      "http://0177.0x0.0.1/                             | deny | network.non-canonical-ip",
      "http://127.000.000.001/                          | deny | network.non-canonical-ip",
      "http://127.0.0.1./                               | deny | network.non-canonical-ip",
      "http://1.2.3.4.5/                                | deny | network.non-canonical-ip",
      "http://999.1.1.1/                                | deny | network.non-canonical-ip",
      "http://0xa9fea9fe/                               | deny | network.non-canonical-ip",
      "http://2852039166/                               | deny | network.non-canonical-ip",
      "http://①②⑦.⓪.⓪.①/                               | deny | network.non-canonical-ip",
      "http://１２７.０.０.１/                          | deny | network.non-canonical-ip",
      "http://127。0。0。1/                             | deny | network.non-canonical-ip",
      "http://8.8.8.8./                                 | deny | network.non-canonical-ip",
      "http://example.123/                              | deny | network.non-canonical-ip",
      // IPv6 forms
      "http://[::]:80/                                  | deny | network.private-address",
      "http://[::1]/                                    | deny | network.private-address",
      "http://[0:0:0:0:0:0:0:1]/                        | deny | network.private-address",
      "http://[::ffff:127.0.0.1]/                       | deny | network.non-canonical-ip",
      "http://[::ffff:7f00:1]/                          | deny | network.non-canonical-ip",
      "http://[::ffff:8.8.8.8]/                         | deny | network.non-canonical-ip",
      "http://[::127.0.0.1]/                            | deny | network.non-canonical-ip",
      "http://[fe80::1%25eth0]/                         | deny | network.non-canonical-ip",
      "http://[fe80::1%eth0]/                           | deny | network.non-canonical-ip",
      "http://[64:ff9b::7f00:1]/                        | deny | network.private-address",
      "http://[64:ff9b::a9fe:a9fe]/                     | deny | network.metadata",
      "http://[2002:7f00:1::]/                          | deny | network.private-address",
      "http://[2002:c0a8:101::1]/                       | deny | network.private-address",
      "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/   | deny | network.private-address",
      "http://[fc00::1]/                                | deny | network.private-address",
      "http://[fd12:3456::1]/                           | deny | network.private-address",
      "http://[fe80::1]/                                | deny | network.private-address",
      "http://[fec0::1]/                                | deny | network.private-address",
      "http://[ff02::1]/                                | deny | network.private-address",
      "http://[100::1]/                                 | deny | network.private-address",
      "http://[2001:db8::1]/                            | deny | network.private-address",
      "http://[64:ff9b:1::1]/                           | deny | network.private-address",
      "http://[4000::1]/                                | deny | network.private-address",
      // IPv4 ranges
      "http://127.0.0.1/                                | deny | network.private-address",
      "http://0.0.0.0/                                  | deny | network.private-address",
      "http://10.0.0.1/                                 | deny | network.private-address",
      "http://172.16.0.1/                               | deny | network.private-address",
      "http://172.31.255.255/                           | deny | network.private-address",
      "http://192.168.0.1/                              | deny | network.private-address",
      "http://100.64.0.1/                               | deny | network.private-address",
      "http://169.254.1.1/                              | deny | network.private-address",
      "http://192.0.0.8/                                | deny | network.private-address",
      "http://192.0.2.1/                                | deny | network.private-address",
      "http://198.18.0.1/                               | deny | network.private-address",
      "http://198.19.255.255/                           | deny | network.private-address",
      "http://198.51.100.1/                             | deny | network.private-address",
      "http://203.0.113.1/                              | deny | network.private-address",
      "http://224.0.0.1/                                | deny | network.private-address",
      "http://240.0.0.1/                                | deny | network.private-address",
      "http://255.255.255.255/                          | deny | network.private-address",
      "http://172.32.0.1/                               | allow | network.allow",
      "http://100.128.0.1/                              | allow | network.allow",
      // cloud metadata, every cloud
      "http://169.254.169.254/latest/meta-data/         | deny | network.metadata",
      "http://169.254.170.2/v2/credentials              | deny | network.metadata",
      "http://[fd00:ec2::254]/latest/meta-data/         | deny | network.metadata",
      "http://100.100.100.200/latest/meta-data/         | deny | network.metadata",
      "http://192.0.0.192/latest/                       | deny | network.metadata",
      "http://metadata.google.internal/computeMetadata/ | deny | network.metadata",
      "http://METADATA.google.internal./                | deny | network.metadata",
      "http://metadata/computeMetadata/v1/              | deny | network.metadata",
      "http://metadata.goog/                            | deny | network.metadata",
      "http://instance-data/latest/                     | deny | network.metadata",
      "http://instance-data.ec2.internal/               | deny | network.metadata",
      "http://metadata.tencentyun.com/latest/           | deny | network.metadata",
      "http://meta.attacker.com/                        | deny | network.metadata",
      // names that reach private addresses
      "http://localhost/                                | deny | network.private-address",
      "http://LOCALHOST./                               | deny | network.private-address",
      "http://foo.localhost/                            | deny | network.private-address",
      "http://127.0.0.1.nip.io/                         | deny | network.private-name",
      "http://10-0-0-1.sslip.io/                        | deny | network.private-name",
      "http://localtest.me/                             | deny | network.private-name",
      "http://sub.localtest.me/                         | deny | network.private-name",
      "http://127.0.0.1.example.net/                    | deny | network.private-name",
      "http://ip-192-168-1-1.example.net/               | deny | network.private-name",
      "http://evil-rebind.com/                          | deny | network.private-address",
      "http://mixed.attacker.com/                       | deny | network.private-address",
      "http://v6private.attacker.com/                   | deny | network.private-address",
      // local-use names are not covered by '*'
      "http://intranet/                                 | deny | network.local-name",
      "http://db.corp.internal/                         | deny | network.local-name",
      "http://printer.local/                            | deny | network.local-name",
      "http://router.home.arpa/                         | deny | network.local-name",
      // ports
      "https://api.github.com:8443/                     | deny | network.port",
      "http://api.github.com:443/                       | deny | network.port",
      "https://www.example.com:9000/                    | deny | network.port",
      "https://10.20.1.2:8080/                          | deny | network.port",
      // whitespace and control characters (Orange Tsai's mixed parser example)
      "\"http://1.1.1.1 &@2.2.2.2# @3.3.3.3/\"          | deny | network.invalid-url",
      "\"https://api.github.com /\"                     | deny | network.invalid-url",
      "\"https:// api.github.com/\"                     | deny | network.invalid-url",
  })
  void table(String url, String verdict, String rule) {
    Decision d = decide(url);
    assertThat(d.verdict().label()).as(url + " -> " + d).isEqualTo(verdict);
    assertThat(d.rule()).as(url + " -> " + d).isEqualTo(rule);
    assertThat(d.check()).isEqualTo("network");
    assertThat(d.reason()).isNotBlank();
  }

  @Test
  void controlCharactersAnywhereAreDenied() {
    for (String url : List.of("https://api.github.com/\r\nHost: evil", "https://api.github.com\t/",
        "https://api.github.com/\u0000", "https://api.git\u00adhub.com/", "https://api.github.com\u200b/",
        "https://api.github.com/\u00e9", "https://api.github.com\u3000/", "https://api.github.com/\u007f")) {
      Decision d = decide(url);
      assertThat(d.isDeny()).as(url).isTrue();
      assertThat(d.rule()).as(url).isEqualTo("network.invalid-url");
    }
  }

  @Test
  void hugeUrlIsDenied() {
    String url = "https://api.github.com/" + "a".repeat(10_000);
    assertThat(decide(url).rule()).isEqualTo("network.invalid-url");
  }

  @Test
  void reasonsNameTheRangeAndRfc() {
    assertThat(decide("http://10.1.2.3/").reason()).contains("10.0.0.0/8").contains("RFC 1918");
    assertThat(decide("http://100.64.1.1/").reason()).contains("RFC 6598");
    assertThat(decide("http://[fd00::1]/").reason()).contains("RFC 4193");
    assertThat(decide("http://0x7f000001/").reason()).contains("127.0.0.1");
    assertThat(decide("https://api.github.com/").reason()).contains("api.github.com");
  }

  @Test
  void wildcardSuffixNeverMatchesLookAlikes() {
    NetworkRules rules = new NetworkRules(List.of("https"), List.of(HostRule.host("*.example.com")), Verdict.DENY);
    NetworkCheck c = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    assertThat(c.check("https://a.example.com/").isAllow()).isTrue();
    assertThat(c.check("https://a.b.c.example.com/").isAllow()).isTrue();
    assertThat(c.check("https://example.com/").rule()).isEqualTo("network.outside");
    assertThat(c.check("https://evilexample.com/").rule()).isEqualTo("network.outside");
    assertThat(c.check("https://example.com.evil.com/").rule()).isEqualTo("network.outside");
    assertThat(c.check("https://aexample.com/").rule()).isEqualTo("network.outside");
  }

  @Test
  void outsideAskIsAsk() {
    NetworkRules rules = new NetworkRules(List.of("https"), List.of(HostRule.host("api.github.com")), Verdict.ASK);
    NetworkCheck c = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    Decision d = c.check("https://other.org/");
    assertThat(d.verdict()).isEqualTo(Verdict.ASK);
    assertThat(d.rule()).isEqualTo("network.outside");
    // a private address is never merely ASK
    assertThat(c.check("https://10.0.0.1/").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void explicitRuleOpensLocalNameButNotMetadata() {
    NetworkRules rules = new NetworkRules(List.of("http"), List.of(HostRule.host("build.corp.internal"),
        HostRule.host("*.svc.local"), HostRule.host("metadata.google.internal")), Verdict.DENY);
    NetworkCheck c = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    assertThat(c.check("http://build.corp.internal/").isAllow()).isTrue();
    assertThat(c.check("http://api.svc.local/").isAllow()).isTrue();
    assertThat(c.check("http://metadata.google.internal/").rule()).isEqualTo("network.metadata");
  }

  @Test
  void cidrRuleOpensRangeButNeverMetadata() {
    NetworkRules rules = new NetworkRules(List.of("http"), List.of(HostRule.cidr("127.0.0.1/32"),
        HostRule.cidr("169.254.0.0/16"), HostRule.cidr("fd00::/8")), Verdict.DENY);
    NetworkCheck c = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    assertThat(c.check("http://127.0.0.1/").rule()).isEqualTo("network.cidr");
    assertThat(c.check("http://127.0.0.2/").rule()).isEqualTo("network.private-address");
    assertThat(c.check("http://169.254.1.1/").rule()).isEqualTo("network.cidr");
    assertThat(c.check("http://169.254.169.254/").rule()).isEqualTo("network.metadata");
    assertThat(c.check("http://[fd00:ec2::254]/").rule()).isEqualTo("network.metadata");
    assertThat(c.check("http://[fd00::5]/").rule()).isEqualTo("network.cidr");
    assertThat(c.check("http://0x7f000001/").rule()).isEqualTo("network.non-canonical-ip");
  }

  @Test
  void resolutionFailureIsDeny() {
    HostResolver failing = host -> {
      throw new UnknownHostException(host);
    };
    NetworkCheck c = new NetworkCheck(RULES, failing);
    Decision d = c.check("https://api.github.com/");
    assertThat(d.isDeny()).isTrue();
    assertThat(d.rule()).isEqualTo("network.resolution-failed");
    NetworkCheck broken = new NetworkCheck(RULES, host -> {
      throw new IllegalStateException("boom");
    });
    assertThat(broken.check("https://api.github.com/").rule()).isEqualTo("network.resolution-failed");
    NetworkCheck nullAnswer = new NetworkCheck(RULES, host -> null);
    assertThat(nullAnswer.check("https://api.github.com/").rule()).isEqualTo("network.resolution-failed");
  }

  @Test
  void resolverIsNotAskedForHostsNoRuleAllows() {
    AtomicInteger calls = new AtomicInteger();
    NetworkRules rules = new NetworkRules(List.of("https"), List.of(HostRule.host("api.github.com")), Verdict.DENY);
    NetworkCheck c = new NetworkCheck(rules, host -> {
      calls.incrementAndGet();
      return List.of();
    });
    assertThat(c.check("https://elsewhere.org/").rule()).isEqualTo("network.outside");
    assertThat(calls).hasValue(0);
  }

  @Test
  void rebindingResolverIsJudgedPerAnswer() throws Exception {
    AtomicInteger n = new AtomicInteger();
    InetAddress pub = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
    InetAddress loop = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HostResolver flipping = host -> List.of(n.getAndIncrement() % 2 == 0 ? pub : loop);
    NetworkCheck c = new NetworkCheck(RULES, flipping);
    assertThat(c.check("https://rebind.attacker.org/").isAllow()).isTrue();
    Decision second = c.check("https://rebind.attacker.org/");
    assertThat(second.isDeny()).isTrue();
    assertThat(second.rule()).isEqualTo("network.private-address");
    // the judgement carries the addresses it checked, so a connection can use exactly those
    ResolvedTarget j = c.judge("https://rebind.attacker.org/");
    assertThat(j.decision().isAllow()).isTrue();
    assertThat(j.addresses()).containsExactly(pub);
  }

  @Test
  void schemeNotInPolicyIsDenied() {
    NetworkRules rules = new NetworkRules(List.of("HTTPS"), List.of(HostRule.host("*")), Verdict.DENY);
    NetworkCheck c = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    assertThat(c.check("HTTPS://api.github.com/").isAllow()).isTrue();
    assertThat(c.check("http://api.github.com/").rule()).isEqualTo("network.scheme");
    assertThat(c.check("wss://api.github.com/").rule()).isEqualTo("network.scheme");
  }

  @Test
  void nullUrlIsRejectedWithMessage() {
    assertThatThrownBy(() -> check.check(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("url");
  }

  @Test
  void tenThousandRulesStillMatch() {
    List<HostRule> many = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(HostRule.host("*.tenant" + i + ".example.net"));
      many.add(HostRule.host("api" + i + ".example.org"));
    }
    NetworkCheck c = new NetworkCheck(new NetworkRules(List.of("https"), many, Verdict.DENY),
        HostResolver.fixed(Map.of()));
    assertThat(c.check("https://x.y.tenant9999.example.net/").isAllow()).isTrue();
    assertThat(c.check("https://api4242.example.org/").isAllow()).isTrue();
    assertThat(c.check("https://tenant9999.example.net/").rule()).isEqualTo("network.outside");
    assertThat(c.check("https://api10000.example.org/").rule()).isEqualTo("network.outside");
  }
}
