package dev.agentguard.ops.approval;

import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.approval.TimeoutScheduler;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A guard whose policy asks for every {@code deploy} call, in front of a tool that only answers. */
final class GateHarness implements AutoCloseable {

  static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final AgentGuard guard;
  private final ToolExecutor tools;

  GateHarness(Approver approver, Duration timeout, TimeoutScheduler deadlines) {
    this.guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("needs-signoff", "deploy", Verdict.ASK, "production changes need sign-off"))
            .approvalTimeout(timeout)
            .build())
        .approver(approver)
        .approvalTimeouts(deadlines)
        .clock(FIXED)
        .build();
    this.tools = guard.wrap(call -> ToolResult.of("ran " + call.id()));
  }

  /**
   * Starts {@code call} on another thread and returns once {@code inbox} holds its request, so that the call is
   * waiting for its approval.
   */
  CompletableFuture<ToolResult> runAsync(ToolCall call, ApprovalInbox inbox) throws InterruptedException {
    CountDownLatch asked = new CountDownLatch(1);
    inbox.addListener(r -> asked.countDown());
    CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> {
      try {
        return tools.execute(call);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    if (!asked.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the call never reached the inbox: " + result);
    }
    return result;
  }

  /** The decision the call that {@code result} waits for was refused with. */
  static Decision denial(CompletableFuture<ToolResult> result) throws Exception {
    try {
      ToolResult r = result.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a refusal, the tool ran: " + r);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ToolCallDeniedException denied) {
        return denied.decision();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    guard.close();
  }
}
