package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticHostResolverTest {

  @Test
  void answersFromTheTableAndFailsOtherwise() throws Exception {
    StaticHostResolver dns = StaticHostResolver.builder()
        .host("API.GitHub.com.", "140.82.112.5")
        .host("api.github.com", "140.82.112.6")
        .host("v6.example.com", "2001:db8::1")
        .build();
    assertThat(dns.resolve("api.github.com")).containsExactly(
        InetAddress.getByName("140.82.112.5"), InetAddress.getByName("140.82.112.6"));
    assertThat(dns.resolve("v6.example.com")).hasSize(1);
    assertThatThrownBy(() -> dns.resolve("unknown.example.com"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("unknown.example.com");
    assertThat(dns.lookups()).containsExactly("api.github.com", "v6.example.com", "unknown.example.com");
  }

  @Test
  void unknownNamesCanBeJudgedByName() throws Exception {
    StaticHostResolver dns = StaticHostResolver.builder().unknownNamesJudgedByName().build();
    assertThat(dns.resolve("anything.example")).isEmpty();
  }

  @Test
  void rejectsMalformedEntries() {
    assertThatThrownBy(() -> StaticHostResolver.builder().host("x.example", "not-an-ip"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StaticHostResolver.builder().host("x.example", (String) null))
        .hasMessageContaining("x.example");
    assertThatThrownBy(() -> StaticHostResolver.of(null)).hasMessageContaining("answers");
    assertThat(StaticHostResolver.of(Map.of("a.example", List.of("1.2.3.4"))).table())
        .containsEntry("a.example", List.of("1.2.3.4"));
  }
}
