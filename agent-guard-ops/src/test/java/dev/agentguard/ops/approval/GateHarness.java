package dev.agentguard.ops.approval;

import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.approval.ApprovalGate;
import dev.agentguard.core.approval.TimeoutScheduler;
import dev.agentguard.core.internal.CallStates;
import dev.agentguard.core.internal.RealChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A gate between a stand-in check (which marks every call ASK) and a counting tool. */
final class GateHarness implements AutoCloseable {

  static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final List<GuardEvent> events = new CopyOnWriteArrayList<>();
  final List<ToolCall> ran = new CopyOnWriteArrayList<>();
  final AtomicInteger runs = new AtomicInteger();
  final ApprovalGate gate;

  GateHarness(Approver approver) {
    this(approver, Duration.ofMinutes(5), TimeoutScheduler.daemon());
  }

  GateHarness(Approver approver, Duration timeout, TimeoutScheduler deadlines) {
    this.gate = new ApprovalGate(approver, timeout, FIXED, events::add, deadlines);
  }

  static Evaluation ask(ToolCall call) {
    return ask(call, List.of());
  }

  static Evaluation ask(ToolCall call, List<Resource> resources) {
    return Evaluation.of(call, resources,
        List.of(Decision.allow("filesystem", "inside-root", "inside the workspace"),
            Decision.ask("tools", "needs-signoff", "production changes need sign-off")), true);
  }

  /** Runs {@code call} through the check, the gate and the tool. */
  ToolResult run(ToolCall call) throws Exception {
    return run(ask(call));
  }

  ToolResult run(Evaluation evaluation) throws Exception {
    ToolCall call = evaluation.call();
    ToolInterceptor check = chain -> {
      CallStates.evaluated(chain.context(), evaluation);
      return chain.proceed(chain.call());
    };
    ToolInterceptor tool = chain -> {
      runs.incrementAndGet();
      ran.add(chain.call());
      return ToolResult.of("ran " + chain.call().id());
    };
    return new RealChain(List.of(check, gate, tool), 0, call, CallStates.create(call, FIXED.instant()))
        .proceed(call);
  }

  /**
   * Starts {@code call} on another thread and returns once {@code inbox} holds its request, so that the call is
   * waiting at the gate.
   */
  CompletableFuture<ToolResult> runAsync(ToolCall call, ApprovalInbox inbox) throws InterruptedException {
    CountDownLatch asked = new CountDownLatch(1);
    inbox.addListener(r -> asked.countDown());
    CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> {
      try {
        return run(call);
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

  <T extends GuardEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  GuardEvent.ApprovalResolved resolved() {
    List<GuardEvent.ApprovalResolved> all = events(GuardEvent.ApprovalResolved.class);
    if (all.size() != 1) {
      throw new AssertionError("expected one ApprovalResolved event, got " + all);
    }
    return all.get(0);
  }

  @Override
  public void close() {
    gate.close();
  }
}
