package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Differential fuzzing: URLs built from an allowed one by splicing in characters parsers disagree on. Whatever
 * the check allows, the JDK's own URI parser must read as the same host and port (or reject).
 */
class UrlFuzzProperties {

  private static final NetworkCheck CHECK = new NetworkCheck(new NetworkRules(List.of("http", "https"),
      List.of(HostRule.host("api.github.com"), HostRule.host("*.example.com")), Verdict.DENY),
      HostResolver.fixed(Map.of()));

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<String> base = Arbitraries.of("https://api.github.com/repos?x=1#f", "http://a.example.com/p",
        "https://api.github.com:443/", "http://evil.com/");
    Arbitrary<String> junk = Arbitraries.of("@", "\\", "#", "?", "/", ":", ".", "%", "%2f", "%40", "%00", " ",
        "\t", "\r\n", "[", "]", ";", "&", "evil.com", "127.0.0.1", "0x7f", "\u3002", "\uff0e", "\u2100", "\u00ad",
        "\u200b", "\u0000", "localhost", "api.github.com", "..", "*", "\u0130", "\u212a", "", "%25", "0", "//",
        "::1", "xn--");
    Arbitrary<Integer> pos = Arbitraries.integers().between(0, 40);
    return Combinators.combine(base, junk.list().ofMinSize(1).ofMaxSize(3), pos.list().ofSize(3))
        .as((b, js, ps) -> {
          String s = b;
          for (int i = 0; i < js.size(); i++) {
            int at = Math.min(ps.get(i), s.length());
            s = s.substring(0, at) + js.get(i) + s.substring(at);
          }
          return s;
        });
  }

  @Property(tries = 3000)
  void allowedUrlsMeanTheSameToTheJdk(@ForAll("mutated") String url) {
    Decision d = CHECK.check(url);
    assertThat(d).isNotNull();
    if (!d.isAllow()) {
      assertThat(d.verdict()).isEqualTo(Verdict.DENY);
      return;
    }
    StrictUrl ours = StrictUrl.parse(url).url();
    assertThat(ours.host()).satisfiesAnyOf(h -> assertThat(h).isEqualTo("api.github.com"),
        h -> assertThat(h).endsWith(".example.com"));
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return; // the JDK refuses it outright: no disagreement on where it leads
    }
    String jdkHost = uri.getHost();
    if (jdkHost == null) {
      return; // a null host makes the JDK's clients refuse the URL too
    }
    jdkHost = jdkHost.toLowerCase(Locale.ROOT);
    if (jdkHost.endsWith(".")) {
      jdkHost = jdkHost.substring(0, jdkHost.length() - 1);
    }
    assertThat(jdkHost).as(url).isEqualTo(ours.host());
    int jdkPort = uri.getPort() < 0 ? ours.port() : uri.getPort();
    assertThat(jdkPort).as(url).isEqualTo(ours.port());
    assertThat(uri.getUserInfo()).as(url).isNull();
  }

  @Property(tries = 2000)
  void arbitraryTextNeverThrowsAndIsRarelyAllowed(@ForAll String text) {
    Decision d = CHECK.check(text);
    assertThat(d.check()).isEqualTo("network");
    assertThat(d.isAllow()).isFalse();
  }

  @Property(tries = 1000)
  void arbitraryTextAfterAnAllowedPrefixNeverChangesTheHost(@ForAll String tail) {
    String url = "https://api.github.com" + tail;
    Decision d = CHECK.check(url);
    if (d.isAllow()) {
      assertThat(StrictUrl.parse(url).url().host()).isEqualTo("api.github.com");
      assertThat(tail.isEmpty() || "/?#:.".indexOf(tail.charAt(0)) >= 0).as(tail).isTrue();
    }
  }
}
