package dev.agentguard.core.approval;

import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    this.gate = new ApprovalGate(approver, timeout, FIXED, this::record, deadlines);
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
    boolean asks = evaluation.enforced() && evaluation.verdict() == dev.agentguard.api.Verdict.ASK;
    ApprovalGate.Outcome outcome = asks ? decide(evaluation) : null;
    if (outcome != null && !outcome.approved()) {
      throw new ToolCallDeniedException(call.toolName(), outcome.denial());
    }
    runs.incrementAndGet();
    ran.add(call);
    return ToolResult.of("ran " + call.id());
  }

  ApprovalGate.Outcome decide(Evaluation evaluation) {
    ToolCall call = evaluation.call();
    String fingerprint;
    try {
      fingerprint = Fingerprints.of(call, evaluation.resources());
    } catch (IllegalArgumentException e) {
      return ApprovalGate.Outcome.failed("error", "the call could not be fingerprinted: " + e.getMessage());
    }
    return gate.ask(call, evaluation, fingerprint, call.id());
  }

  /** Asks about {@code call} on a thread of its own; the future completes with the outcome. */
  CompletableFuture<ApprovalGate.Outcome> start(ToolCall call) {
    CompletableFuture<ApprovalGate.Outcome> out = new CompletableFuture<>();
    Thread t = new Thread(() -> out.complete(decide(ask(call))), "gate-harness-caller");
    t.setDaemon(true);
    t.start();
    return out;
  }

  private synchronized void record(GuardEvent event) {
    events.add(event);
    notifyAll();
  }

  /** Waits (at most 30 s) for an event of {@code type}; events may come from the gate's approver threads. */
  synchronized <T extends GuardEvent> T awaitEvent(Class<T> type) throws InterruptedException {
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (events(type).isEmpty()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return events(type).get(0);
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
