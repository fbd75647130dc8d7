package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostResolverTest {

  @Test
  void fixedAnswersByCanonicalName() throws Exception {
    HostResolver r = HostResolver.fixed(Map.of("API.Example.COM.", List.of("93.184.216.34", "2606:4700::1")));
    assertThat(r.resolve("api.example.com")).containsExactly(
        InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34}),
        InetAddress.getByName("2606:4700::1"));
    assertThat(r.resolve("other.example.com")).isEmpty();
  }

  @Test
  void fixedRejectsNonCanonicalAddressesAndBadNames() {
    for (String bad : List.of("127.1", "0x7f000001", "2130706433", "localhost", "1.2.3", "", "::ffff:1.2.3.04")) {
      assertThatThrownBy(() -> HostResolver.fixed(Map.of("a.com", List.of(bad))))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    }
    assertThatThrownBy(() -> HostResolver.fixed(Map.of("a b.com", List.of("1.2.3.4"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host name");
    assertThatThrownBy(() -> HostResolver.fixed(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("answers");
  }

  @Test
  void systemResolverRejectsBadTimeouts() {
    assertThatThrownBy(() -> HostResolver.system(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostResolver.system(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void boundedLookupTimesOutAsFailure() {
    SystemResolver slow = new SystemResolver(Duration.ofMillis(50), host -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new InetAddress[0];
    });
    assertThatThrownBy(() -> slow.resolve("slow.example.com")).isInstanceOf(java.net.UnknownHostException.class)
        .hasMessageContaining("timed out");
    NetworkCheck c = new NetworkCheck(new NetworkRules(List.of("https"), List.of(HostRule.host("*")),
        dev.agentguard.api.Verdict.DENY), slow);
    assertThat(c.check("https://slow.example.com/").rule()).isEqualTo("network.resolution-failed");
  }

  @Test
  void boundedLookupPassesAnswersAndFailures() throws Exception {
    InetAddress a = InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34});
    SystemResolver ok = new SystemResolver(Duration.ofSeconds(5), host -> new InetAddress[] {a});
    assertThat(ok.resolve("x.example.com")).containsExactly(a);
    SystemResolver failing = new SystemResolver(Duration.ofSeconds(5), host -> {
      throw new java.net.UnknownHostException(host);
    });
    assertThatThrownBy(() -> failing.resolve("x.example.com")).isInstanceOf(java.net.UnknownHostException.class);
  }
}
