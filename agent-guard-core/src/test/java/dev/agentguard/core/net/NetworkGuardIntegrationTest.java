package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network check inside the guard's chain: URL resources from a descriptor are judged by it. */
class NetworkGuardIntegrationTest {

  @TempDir
  Path workspace;

  private AgentGuard guard() {
    Policy policy = Policy.builder()
        .schemes("https")
        .allowHost("api.github.com")
        .allowHost("*.example.com", 443, 8443)
        .allowCidr("10.20.0.0/16")
        .tool(ToolDescriptor.of("fetch", ToolDescriptor.ResourceSpec.url("/url")))
        .build();
    return AgentGuard.builder()
        .policy(policy)
        .environment(GuardEnvironment.ofWorkspace(workspace))
        .hostResolver(HostResolver.fixed(Map.of("rebind.example.com", List.of("10.0.0.7"),
            "ok.example.com", List.of("93.184.216.34"))))
        .build();
  }

  private Evaluation fetch(String url) {
    String json = "{\"url\":\"" + url.replace("\\", "\\\\") + "\"}";
    return guard().evaluate(ToolCall.of("fetch", json));
  }

  @Test
  void allowedAndRefusedFetches() {
    assertThat(fetch("https://api.github.com/repos").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(fetch("https://ok.example.com:8443/").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(fetch("https://10.20.0.5/").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(fetch("http://169.254.169.254/latest/meta-data/").decision().rule()).isEqualTo("network.metadata");
    assertThat(fetch("https://rebind.example.com/").decision().rule()).isEqualTo("network.private-address");
    assertThat(fetch("https://evil.com\\@api.github.com/").decision().rule()).isEqualTo("network.invalid-url");
    assertThat(fetch("https://2130706433/").decision().rule()).isEqualTo("network.non-canonical-ip");
    assertThat(fetch("https://example.com/").decision().rule()).isEqualTo("network.outside");
  }
}
