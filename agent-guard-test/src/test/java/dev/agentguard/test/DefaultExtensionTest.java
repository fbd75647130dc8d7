package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @ExtendWith} without a policy: the empty policy, and an approver that denies anything unscripted. */
@ExtendWith(AgentGuardExtension.class)
class DefaultExtensionTest {

  @Test
  void failsClosedWithoutAPolicy(AgentGuard guard, ScriptedApprover approver) {
    assertThat(guard).denies(ToolCalls.call("anything")).byRule("defaults.unknownTool");
    assertThatThrownBy(() -> guard.wrap(call -> ToolResult.of("ran")).execute(ToolCalls.call("anything").build()))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision()).isDeny().byRule("defaults.unknownTool"));
    // A denied call never reaches a human.
    org.assertj.core.api.Assertions.assertThat(approver.requestCount()).isZero();
  }
}
