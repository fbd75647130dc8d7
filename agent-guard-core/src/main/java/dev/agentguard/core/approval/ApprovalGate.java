package dev.agentguard.core.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Holds calls the checks marked ASK until an {@link Approver} answers, and lets them through only on
 * APPROVED. Asks once per call with every ASK reason; never asks about a call the checks denied. Fails closed:
 * a timeout, an approver that throws, a {@code null} answer or stage, a cancelled or failed stage, an
 * interrupted wait or a closed gate is a denial, and the reason says which. An approval is bound to the call's
 * fingerprint; a SESSION approval is reused only for the same fingerprint in the same conversation.
 *
 * <p>Thread-safe. The caller's thread waits for the answer; deadlines run on one daemon thread per gate, so
 * no thread is parked per waiting call besides the caller's own. {@link #close()} fails every waiting call
 * closed and stops that thread; a gate that is never closed lets the thread end on its own when idle.
 */
public final class ApprovalGate implements ToolInterceptor, AutoCloseable {

  /** Who decided when the guard itself refused a call. */
  static final String GUARD = "agent-guard";

  private final Approver approver;
  private final Duration timeout;
  private final Clock clock;
  private final GuardListener events;
  private final SessionApprovals sessions;
  private final TimeoutScheduler deadlines;
  private final Set<Pending> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates a gate.
   *
   * @param approver who is asked
   * @param timeout how long to wait for an answer; must be positive
   * @param clock the clock for request times
   * @param events where approval events go
   */
  public ApprovalGate(Approver approver, Duration timeout, Clock clock, GuardListener events) {
    this(approver, timeout, clock, events, TimeoutScheduler.daemon());
  }

  /**
   * Creates a gate whose deadlines run on {@code deadlines}, which the gate closes when it is closed.
   *
   * @param deadlines runs each waiting call's deadline
   */
  public ApprovalGate(Approver approver, Duration timeout, Clock clock, GuardListener events, TimeoutScheduler deadlines) {
    this.approver = Objects.requireNonNull(approver, "approver must not be null");
    this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines must not be null");
    this.sessions = new SessionApprovals(10_000, Duration.ofHours(12));
  }

  /**
   * How long a call waits for an answer before it is denied.
   *
   * @return how long a call waits for an answer before it is denied
   */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public ToolResult intercept(Chain chain) throws Exception {
    ToolCall call = chain.call();
    Evaluation evaluation = chain.context().evaluation()
        .orElseThrow(() -> new IllegalStateException("ApprovalGate ran before the checks"));
    if (evaluation.verdict() != Verdict.ASK || !evaluation.enforced()) {
      return chain.proceed(call);
    }
    Outcome outcome = await(begin(call, evaluation));
    if (!outcome.response.isApproved()) {
      throw new ToolCallDeniedException(call.toolName(), outcome.denial);
    }
    return chain.proceed(call);
  }

  /** Fails every waiting call closed and stops the deadline thread. Calls that arrive later are denied. */
  @Override
  public void close() {
    closed = true;
    for (Pending p : waiting) {
      p.failClosed(Outcome.failed("error", "the approval gate was closed"));
    }
    deadlines.close();
  }

  /**
   * Starts asking about {@code call} without waiting: emits the request event, asks the approver and sets the
   * deadline. {@link #await(Pending)} waits for the result and emits the resolution.
   */
  Pending begin(ToolCall call, Evaluation evaluation) {
    long start = System.nanoTime();
    ApprovalRequest request;
    try {
      request = newRequest(call, evaluation);
    } catch (IllegalArgumentException e) {
      return Pending.done(placeholder(call, evaluation), start,
          Outcome.failed("error", "the call could not be fingerprinted: " + e.getMessage()));
    }
    Optional<String> conversation = call.context().conversationId();
    if (conversation.isPresent()) {
      Optional<ApprovalResponse> earlier = sessions.find(conversation.get(), request.fingerprint());
      if (earlier.isPresent()) {
        return Pending.done(request, start, new Outcome(earlier.get(), "session", null));
      }
    }
    emit(new GuardEvent.ApprovalRequested(call, request.createdAt(), request));
    Pending pending = new Pending(request, start);
    if (closed) {
      pending.failClosed(Outcome.failed("error", "the approval gate was closed"));
      return pending;
    }
    waiting.add(pending);
    pending.result.whenComplete((o, e) -> waiting.remove(pending));
    CompletionStage<ApprovalResponse> stage;
    try {
      stage = approver.request(request);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      pending.failClosed(Outcome.failed("error", "the approver threw " + describe(e)));
      return pending;
    }
    if (stage == null) {
      pending.failClosed(Outcome.failed("null", "the approver returned no answer (a null stage)"));
      return pending;
    }
    pending.answer = futureOf(stage);
    if (pending.answer != null && pending.answer.isDone()) {
      // Answered already: no deadline needed.
      pending.answer.whenComplete(pending::answered);
      return pending;
    }
    try {
      pending.cancelDeadline = deadlines.schedule(() -> pending.expire(timeout), timeout);
    } catch (RejectedExecutionException e) {
      pending.failClosed(Outcome.failed("error", "the approval gate was closed"));
      return pending;
    }
    pending.result.whenComplete((o, e) -> pending.cancelDeadline.run());
    CompletionStage<ApprovalResponse> source = pending.answer != null ? pending.answer : stage;
    source.whenComplete(pending::answered);
    return pending;
  }

  /**
   * Waits for {@code pending} to resolve, emits the resolution and remembers a SESSION approval. An interrupted
   * wait is a denial and leaves the thread's interrupt flag set.
   */
  Outcome await(Pending pending) {
    Outcome outcome;
    try {
      outcome = pending.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = Outcome.failed("interrupted", "the wait for approval was interrupted");
      pending.failClosed(outcome);
    } catch (ExecutionException e) {
      outcome = Outcome.failed("error", "the approval failed: " + describe(e.getCause()));
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - pending.startNanos);
    ToolCall call = pending.request.call();
    if ("session".equals(outcome.label)) {
      waited = Duration.ZERO;
    }
    emit(new GuardEvent.ApprovalResolved(
        call, clock.instant(), pending.request, outcome.response, waited, outcome.label));
    Optional<String> conversation = call.context().conversationId();
    if (outcome.response.isApproved()
        && outcome.response.scope() == ApprovalResponse.Scope.SESSION
        && conversation.isPresent()
        && !"session".equals(outcome.label)) {
      sessions.remember(conversation.get(), pending.request.fingerprint(), outcome.response);
    }
    return outcome;
  }

  private ApprovalRequest newRequest(ToolCall call, Evaluation evaluation) {
    Instant now = clock.instant();
    return new ApprovalRequest(
        UUID.randomUUID().toString(),
        call,
        evaluation.resources(),
        evaluation.decisionsWith(Verdict.ASK),
        Fingerprints.of(call, evaluation.resources()),
        now,
        now.plus(timeout));
  }

  private ApprovalRequest placeholder(ToolCall call, Evaluation evaluation) {
    Instant now = clock.instant();
    return new ApprovalRequest(UUID.randomUUID().toString(), call, evaluation.resources(),
        evaluation.decisionsWith(Verdict.ASK), "unfingerprinted", now, now);
  }

  private void emit(GuardEvent event) {
    try {
      events.onEvent(event);
    } catch (RuntimeException e) {
      // A listener never changes a decision.
    }
  }

  private static CompletableFuture<ApprovalResponse> futureOf(CompletionStage<ApprovalResponse> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  static Outcome classify(ApprovalResponse response, Throwable error) {
    if (error != null) {
      Throwable cause = error;
      while ((cause instanceof CompletionException || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof CancellationException) {
        return Outcome.failed("cancelled", "the approver cancelled the request");
      }
      if (cause instanceof TimeoutException) {
        return Outcome.failed("timeout", "the approver gave up waiting for a decision");
      }
      return Outcome.failed("error", "the approver failed with " + describe(cause));
    }
    if (response == null) {
      return Outcome.failed("null", "the approver answered null");
    }
    if (response.isApproved()) {
      return new Outcome(response, "approved", null);
    }
    return new Outcome(response, "denied", Decision.deny(CheckNames.APPROVAL, "approval.denied",
        "refused by " + response.decidedBy()
            + (response.comment().isEmpty() ? "" : ": " + response.comment())));
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
  }

  /** One call waiting for its answer. */
  static final class Pending {
    final ApprovalRequest request;
    final long startNanos;
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    volatile CompletableFuture<ApprovalResponse> answer;
    volatile Runnable cancelDeadline = () -> { };
    private volatile Outcome withdrawal;

    Pending(ApprovalRequest request, long startNanos) {
      this.request = request;
      this.startNanos = startNanos;
    }

    static Pending done(ApprovalRequest request, long startNanos, Outcome outcome) {
      Pending p = new Pending(request, startNanos);
      p.result.complete(outcome);
      return p;
    }

    /** The deadline passed: withdraw the question unless the answer already arrived, which then stands. */
    void expire(Duration timeout) {
      withdraw(Outcome.failed("timeout", "no answer within " + timeout), false);
    }

    /** Resolves with {@code outcome}, whatever the approver says, and withdraws the question. */
    void failClosed(Outcome outcome) {
      withdraw(outcome, true);
    }

    private void withdraw(Outcome outcome, boolean evenIfAnswered) {
      withdrawal = outcome;
      if (evenIfAnswered) {
        result.complete(outcome);
      }
      CompletableFuture<ApprovalResponse> a = answer;
      if (a == null || a.cancel(false) || a.isCancelled()) {
        result.complete(outcome);
      }
    }

    /** Turns the approver's answer, or its failure, into the outcome. */
    void answered(ApprovalResponse response, Throwable error) {
      Outcome w = withdrawal;
      if (w != null && error != null) {
        result.complete(w);
      } else {
        result.complete(classify(response, error));
      }
    }
  }

  /** How an approval ended: the answer (or the guard's denial), a label for events, and the denial decision. */
  static final class Outcome {
    final ApprovalResponse response;
    final String label;
    final Decision denial;

    Outcome(ApprovalResponse response, String label, Decision denial) {
      this.response = response;
      this.label = label;
      this.denial = denial;
    }

    static Outcome failed(String label, String reason) {
      return new Outcome(
          ApprovalResponse.denied(GUARD, reason),
          label,
          Decision.deny(CheckNames.APPROVAL, "approval." + label, "approval failed closed: " + reason));
    }

    @Override
    public String toString() {
      return label + (denial == null ? "" : " (" + denial.reason() + ")");
    }
  }
}
