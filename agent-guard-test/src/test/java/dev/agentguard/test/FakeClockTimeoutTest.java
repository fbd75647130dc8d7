package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approval deadlines that follow the kit's {@link FakeClock}: a timeout happens when the test says, not before. */
class FakeClockTimeoutTest {

  @RegisterExtension
  final AgentGuardExtension kit = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .customize((builder, fixture) -> builder.approvalTimeouts(fixture.clock().timeouts()));

  private static CompletableFuture<ToolResult> runAsync(ToolExecutor executor, ToolCall call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return executor.execute(call);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  @Test
  void aSilentApproverTimesOutOnlyWhenTheClockPassesTheTimeout(
      AgentGuard guard, ScriptedApprover approver, FakeClock clock) throws Exception {
    approver.neverAnswerNext(1);
    CompletableFuture<ToolResult> result = runAsync(guard.wrap(call -> ToolResult.of("deployed")),
        ToolCalls.call("deploy_prod").arg("version", "2.0.0").build());
    approver.awaitRequests(1, Duration.ofSeconds(10));

    // The policy's timeout is 300ms of *clock* time: real time passing changes nothing.
    assertThatThrownBy(() -> result.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    assertThat(clock.pendingTimeouts()).isEqualTo(1);
    clock.advance(Duration.ofMillis(299));
    assertThat(result).isNotDone();

    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision()).isDeny().byRule("approval.timeout"));
    assertThat(clock.pendingTimeouts()).isZero();
  }

  @Test
  void anAnswerBeforeTheDeadlineCancelsIt(AgentGuard guard, ScriptedApprover approver, FakeClock clock)
      throws Exception {
    approver.approveNext(1);
    assertThat(guard.wrap(call -> ToolResult.of("deployed"))
        .execute(ToolCalls.call("deploy_prod").arg("version", "2.0.1").build()).content()).isEqualTo("deployed");
    assertThat(clock.pendingTimeouts()).isZero();
  }
}
