package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3 (a network allowlist that survives SSRF tricks) through the kit: core's NetworkGuardIntegrationTest
 * with a static DNS table (no real lookups: unknown names fail) and the SSRF spellings as a policy-examples table.
 */
class NetworkPolicyKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .host("api.github.com", "140.82.112.5")
      .host("ok.example.com", "93.184.216.34")
      .host("rebind.example.com", "10.0.0.7")
      .host("split.example.com", "93.184.216.34", "127.0.0.1")
      .host("v6.example.com", "::ffff:169.254.169.254");

  @TestFactory
  Stream<DynamicTest> ssrfSpellings(AgentGuard guard) {
    return PolicyExamples.fromClasspath("policies/network-examples.yaml").against(guard);
  }

  @Test
  void allowedAndRefusedFetches(AgentGuard guard) {
    assertThat(guard)
        .allows(ToolCalls.fetch("https://api.github.com/repos")).checkedBy("network", Verdict.ALLOW)
        .and().allows(ToolCalls.fetch("https://ok.example.com:8443/"))
        .and().allows(ToolCalls.fetch("https://10.20.0.5/")).byCheck("network")
        .and().denies(ToolCalls.fetch("http://169.254.169.254/latest/meta-data/")).byRule("network.metadata")
        .and().denies(ToolCalls.fetch("https://rebind.example.com/")).byRule("network.private-address")
        .and().denies(ToolCalls.fetch("https://split.example.com/")).byRule("network.private-address")
        .and().denies(ToolCalls.fetch("https://evil.com\\@api.github.com/")).byRule("network.invalid-url")
        .and().denies(ToolCalls.fetch("https://2130706433/")).byRule("network.non-canonical-ip")
        .and().denies(ToolCalls.fetch("https://example.com/")).byRule("network.outside");
  }

  @Test
  void namesOutsideTheTableFailToResolve(AgentGuard guard, StaticHostResolver dns) {
    assertThat(guard).denies(ToolCalls.fetch("https://new.example.com/")).byRule("network.resolution-failed");
    assertThat(dns.lookups()).contains("new.example.com");
  }
}
