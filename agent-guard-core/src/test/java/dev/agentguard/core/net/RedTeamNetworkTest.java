package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adversarial cases found by the red-team corpus. */
class RedTeamNetworkTest {

  private static final HostResolver RESOLVER = HostResolver.fixed(Map.of(
      "evil.example.com", List.of("169.254.169.254"),
      "rebind.example.com", List.of("93.184.216.34", "10.0.0.1"),
      "loop.example.com", List.of("::ffff:127.0.0.1"),
      "fine.example.com", List.of("93.184.216.34")));

  private static final NetworkCheck ASK_OUTSIDE = new NetworkCheck(new NetworkRules(List.of("https", "http"),
      List.of(HostRule.host("api.github.com")), Verdict.ASK), RESOLVER);

  @Test
  void unmatchedNameResolvingToMetadataIsDeniedNotAsked() {
    Decision d = ASK_OUTSIDE.check("http://evil.example.com/latest/meta-data/");
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo(AddressRanges.METADATA);
  }

  @Test
  void unmatchedNameWithAnyPrivateAnswerIsDeniedNotAsked() {
    assertThat(ASK_OUTSIDE.check("http://rebind.example.com/").verdict()).isEqualTo(Verdict.DENY);
    assertThat(ASK_OUTSIDE.check("https://loop.example.com/").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void unmatchedPublicNameIsStillAsked() {
    assertThat(ASK_OUTSIDE.check("https://fine.example.com/").verdict()).isEqualTo(Verdict.ASK);
    assertThat(ASK_OUTSIDE.check("https://no-answers.example.net/").verdict()).isEqualTo(Verdict.ASK);
  }
}
