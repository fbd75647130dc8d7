package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ListenerIsolationTest {

  @Test
  void aThrowingListenerChangesNothing() throws Exception {
    List<GuardEvent> seen = new CopyOnWriteArrayList<>();
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("ok", "echo", Verdict.ALLOW, "fine")).build())
        .listener(event -> {
          throw new IllegalStateException("broken listener");
        })
        .listener(seen::add)
        .build();
    ToolResult result = guard.wrap(call -> ToolResult.of("ran")).execute(ToolCall.of("echo", "{}"));
    assertThat(result.content()).isEqualTo("ran");
    assertThat(seen).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("CallStarted", "CallDecided", "CallCompleted");
  }

  @Test
  void listenersSeeRedactedArgumentsAndRationale() throws Exception {
    List<GuardEvent> seen = new CopyOnWriteArrayList<>();
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("ok", "call_api", Verdict.ALLOW, "fine")).build())
        .listener(seen::add)
        .build();
    String secret = "ghp_" + "A".repeat(36);
    ToolCall call = new ToolCall("1", "call_api", "{\"password\":\"hunter2\",\"q\":\"" + secret + "\"}",
        dev.agentguard.api.CallContext.builder().rationale("use token " + secret).build());
    guard.wrap(c -> ToolResult.of("ok")).execute(call);
    for (GuardEvent e : seen) {
      assertThat(e.call().argumentsJson()).doesNotContain("hunter2").doesNotContain(secret);
      assertThat(e.call().context().rationale().orElseThrow()).doesNotContain(secret);
    }
  }
}
