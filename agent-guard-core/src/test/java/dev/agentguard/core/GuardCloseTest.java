package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a guard fails its waiting approvals closed and leaves checks and allowed calls working. */
class GuardCloseTest {

  @Test
  void closeDeniesWaitingAndLaterApprovalsButAllowedCallsStillRun() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().unknownTool(Verdict.ALLOW)
            .rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "sign-off")).build())
        .approver(request -> new CompletableFuture<ApprovalResponse>()) // never answers
        .listener(event -> {
          if (event instanceof GuardEvent.ApprovalRequested) {
            asked.countDown();
          }
        })
        .build();
    ToolExecutor guarded = guard.wrap(call -> ToolResult.of("ran " + call.toolName()));

    CompletableFuture<ToolResult> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return guarded.execute(ToolCall.of("deploy", "{}"));
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
    guard.close();
    guard.close(); // idempotent

    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).contains("closed"));
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("deploy", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).contains("closed"));
    assertThat(guarded.execute(ToolCall.of("status", "{}")).content()).isEqualTo("ran status");
  }
}
