package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of {@link StrictUrl}: it never throws; an accepted URL has a host and a port in range;
 * and where the JDK's {@link URI} (what {@code HttpClient} connects by) reads a host from the same text, it is the
 * host StrictUrl judged (up to case and a trailing dot; literal addresses are compared by the differential test).
 */
class StrictUrlFuzzTest {

  /** Five seconds when fuzzed from an IDE; the Maven build sets the length (fuzz.seconds). */
  @FuzzTest(maxDuration = "5s")
  void fuzz(FuzzedDataProvider data) {
    target(data.consumeRemainingAsString());
  }

  static void target(String url) {
    StrictUrl.Result r = StrictUrl.parse(url);
    assertThat(r.url() == null).isNotEqualTo(r.failure() == null);
    if (r.url() == null) {
      assertThat(r.failure().rule()).startsWith("network.");
      return;
    }
    StrictUrl u = r.url();
    assertThat(u.host()).isNotEmpty();
    assertThat(u.port()).isBetween(0, 65535);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return;
    }
    if (uri.getHost() == null || u.kind() != StrictUrl.HostKind.NAME) {
      return;
    }
    assertThat(u.host()).as(url).isEqualTo(uri.getHost().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
    int jdkPort = uri.getPort() >= 0 ? uri.getPort() : StrictUrl.DEFAULT_PORTS.get(u.scheme());
    assertThat(u.port()).as(url).isEqualTo(jdkPort);
  }
}
