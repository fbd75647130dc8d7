package dev.agentguard.core.internal;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Durations;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.approval.TimeoutScheduler;
import dev.agentguard.core.telemetry.Redactor;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds a call the checks marked ASK until an {@link Approver} answers, and lets it through only on a timely
 * APPROVED. Used by the guard's enforcement step; asks once per call with every ASK reason.
 *
 * <p>Guarantees, whatever the approver does:
 *
 * <ul>
 *   <li>The deadline starts when the request is made, and the caller waits at most {@code approvals.timeout}:
 *       the approver is called on a thread of the gate, never on the caller's, so an approver that blocks (a
 *       console prompt), never returns, or returns a stage that ignores {@code cancel()} cannot hold the caller.
 *   <li>An answer that arrives after the call stopped waiting (deadline, {@code close()}) or a second answer
 *       changes nothing; it is recorded as a {@link GuardEvent.LateApproval}.
 *   <li>Any {@link Throwable} from the approver (an {@link Error}, an undeclared checked exception) is a
 *       recorded denial with its own reason ({@code approval.error}); the request is released. A fatal VM error
 *       (other than a stack overflow) is rethrown afterwards, on the gate's thread, never to the caller.
 *   <li>{@link #close()} ends every waiting call at once (denied, {@code approval.closed}).
 * </ul>
 *
 * <p>The approver gets a redacted view of the request ({@link RedactedViews}): the arguments, resources,
 * reasons and the context's free text go through the gate's {@link Redactor}, the same one that redacts events,
 * so an approver that prints or keeps what it is given never holds a secret. The approval still binds the real
 * call: the fingerprint is computed from it, and it is the real call that runs.
 *
 * <p>An approval is bound to the call's fingerprint; a SESSION approval is reused only for the same fingerprint
 * in the same conversation. Thread-safe.
 */
public final class ApprovalGate implements AutoCloseable {

  /** Who decided when the guard itself refused a call. */
  static final String GUARD = "agent-guard";

  private static final AtomicInteger GATES = new AtomicInteger();

  private final Approver approver;
  private final Duration timeout;
  private final Clock clock;
  private final GuardListener events;
  private final SessionApprovals sessions;
  private final TimeoutScheduler deadlines;
  private final Redactor redactor;
  private final ExecutorService askers;
  private final Set<Pending> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates a gate whose deadlines run on {@link TimeoutScheduler#daemon()}.
   *
   * @param approver who is asked
   * @param timeout how long a call waits for an answer; must be positive
   * @param clock the clock for request times
   * @param events where approval events go
   */
  public ApprovalGate(Approver approver, Duration timeout, Clock clock, GuardListener events) {
    this(approver, timeout, clock, events, TimeoutScheduler.daemon());
  }

  /**
   * Creates a gate whose deadlines run on {@code deadlines}, which the gate closes when it is closed; approvers
   * see requests redacted by {@link Redactor#defaults()}.
   *
   * @param approver who is asked
   * @param timeout how long a call waits for an answer; must be positive
   * @param clock the clock for request times
   * @param events where approval events go
   * @param deadlines runs each waiting call's deadline
   */
  public ApprovalGate(
      Approver approver, Duration timeout, Clock clock, GuardListener events, TimeoutScheduler deadlines) {
    this(approver, timeout, clock, events, deadlines, Redactor.defaults());
  }

  /**
   * Creates a gate whose deadlines run on {@code deadlines}, which the gate closes when it is closed.
   *
   * @param approver who is asked
   * @param timeout how long a call waits for an answer; must be positive
   * @param clock the clock for request times
   * @param events where approval events go
   * @param deadlines runs each waiting call's deadline
   * @param redactor masks secrets in what the approver is given (the guard's one redactor)
   */
  public ApprovalGate(Approver approver, Duration timeout, Clock clock, GuardListener events,
      TimeoutScheduler deadlines, Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
    this.approver = Objects.requireNonNull(approver, "approver must not be null");
    this.timeout = Durations.positive(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines must not be null");
    this.sessions = new SessionApprovals(10_000, Duration.ofHours(12));
    int gate = GATES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread t = new Thread(runnable, "agent-guard-approver-" + gate + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.askers = pool;
  }

  /**
   * How long a call waits for an answer before it is denied.
   *
   * @return how long a call waits for an answer before it is denied
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Asks about {@code call}, judged ASK by {@code evaluation}, and waits at most {@link #timeout()} for the
   * answer. Emits {@code ApprovalRequested} and exactly one {@code ApprovalResolved}, both carrying
   * {@code executionId}.
   *
   * @param call the real call (the approver is shown a redacted view of it)
   * @param evaluation the checks' evaluation, which asked
   * @param fingerprint the fingerprint the approval is bound to
   * @param executionId the guard's id for this execute
   * @return how it ended; {@link Outcome#approved()} is true only for a timely approval
   */
  public Outcome ask(ToolCall call, Evaluation evaluation, String fingerprint, String executionId) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    ApprovalRequest request;
    try {
      request = RedactedViews.request(new ApprovalRequest(UUID.randomUUID().toString(), call,
          evaluation.resources(), evaluation.decisionsWith(Verdict.ASK), fingerprint, now, now.plus(timeout)),
          redactor);
    } catch (RuntimeException e) {
      return Outcome.failed("error", "the request could not be redacted for the approver (" + describe(e) + ")");
    }
    Optional<String> conversation = call.context().conversationId();
    if (conversation.isPresent()) {
      Optional<ApprovalResponse> earlier = sessions.find(conversation.get(), fingerprint);
      if (earlier.isPresent()) {
        Outcome reused = new Outcome(earlier.get(), "session", null);
        emit(new GuardEvent.ApprovalResolved(call, clock.instant(), request, reused.response, Duration.ZERO,
            reused.label, executionId));
        return reused;
      }
    }
    emit(new GuardEvent.ApprovalRequested(call, request.createdAt(), request, executionId));
    Pending pending = new Pending(request, executionId, start);
    Outcome outcome = await(pending);
    emit(new GuardEvent.ApprovalResolved(call, clock.instant(), request, outcome.response,
        Duration.ofNanos(System.nanoTime() - start), outcome.label, executionId));
    if (outcome.approved() && outcome.response.scope() == ApprovalResponse.Scope.SESSION
        && conversation.isPresent()) {
      sessions.remember(conversation.get(), fingerprint, outcome.response);
    }
    return outcome;
  }

  private Outcome await(Pending pending) {
    waiting.add(pending);
    try {
      if (closed) {
        pending.settle(Outcome.failed("closed", "the approval gate was closed"));
      } else {
        Runnable cancelDeadline;
        try {
          cancelDeadline = deadlines.schedule(
              () -> pending.settle(Outcome.failed("timeout", "no answer within " + timeout)), timeout);
          askers.execute(() -> pending.ask(approver));
        } catch (RejectedExecutionException e) {
          cancelDeadline = () -> { };
          pending.settle(Outcome.failed("closed", "the approval gate was closed"));
        }
        pending.cancelDeadline = cancelDeadline;
      }
      try {
        return pending.result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pending.settle(Outcome.failed("interrupted", "the wait for approval was interrupted"));
        return pending.result.join();
      } catch (ExecutionException e) {
        return Outcome.failed("error", "the approval failed: " + describe(e.getCause()));
      }
    } finally {
      // On the caller's thread, before ask returns: a callback on the result would run on the answering thread,
      // possibly after the caller has already moved on with the deadline still armed.
      pending.cancelDeadline.run();
      waiting.remove(pending);
    }
  }

  /**
   * Ends every waiting call at once (denied: the gate was closed), refuses later requests, interrupts the
   * approvers still running and stops the deadline thread. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    for (Pending p : waiting) {
      p.settle(Outcome.failed("closed", "the approval gate was closed"));
    }
    askers.shutdownNow();
    deadlines.close();
  }

  private void emit(GuardEvent event) {
    try {
      events.onEvent(event);
    } catch (RuntimeException e) {
      // A listener never changes a decision.
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

  static String describe(Throwable e) {
    return e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
  }

  /** One call waiting for its answer. */
  private final class Pending {
    final ApprovalRequest request;
    final String executionId;
    final long startNanos;
    final CompletableFuture<Outcome> result = new CompletableFuture<>();
    volatile Runnable cancelDeadline = () -> { };
    private volatile CompletionStage<ApprovalResponse> stage;

    Pending(ApprovalRequest request, String executionId, long startNanos) {
      this.request = request;
      this.executionId = executionId;
      this.startNanos = startNanos;
    }

    /** Resolves the call with {@code outcome} unless it is resolved already; withdraws the question. */
    void settle(Outcome outcome) {
      if (result.complete(outcome) && !outcome.approved()) {
        withdraw();
      }
    }

    private void withdraw() {
      CompletionStage<ApprovalResponse> s = stage;
      if (s == null) {
        return;
      }
      try {
        s.toCompletableFuture().cancel(false);
      } catch (RuntimeException e) {
        // A stage that cannot be cancelled: its answer, if it comes, is refused as late.
      }
    }

    /** Runs on a gate thread: asks the approver and routes its answer (or its failure) to {@link #answered}. */
    void ask(Approver who) {
      if (result.isDone()) {
        return;
      }
      CompletionStage<ApprovalResponse> s;
      try {
        s = who.request(request);
      } catch (Throwable t) {
        settle(Outcome.failed("error", "the approver threw " + describe(t)));
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
          throw (VirtualMachineError) t;
        }
        return;
      }
      if (s == null) {
        settle(Outcome.failed("null", "the approver returned no answer (a null stage)"));
        return;
      }
      stage = s;
      if (result.isDone()) {
        withdraw();
      }
      try {
        s.whenComplete(this::answered);
      } catch (Throwable t) {
        settle(Outcome.failed("error", "the approver's answer could not be awaited: " + describe(t)));
      }
    }

    void answered(ApprovalResponse response, Throwable error) {
      Outcome outcome = classify(response, error);
      if (!result.complete(outcome) && error == null && response != null) {
        emit(new GuardEvent.LateApproval(request.call(), clock.instant(), request, response,
            Duration.ofNanos(System.nanoTime() - startNanos), executionId));
      }
    }
  }

  /** How an approval ended: the answer (or the guard's denial), a label for events, and the denial decision. */
  public static final class Outcome {
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

    /**
     * True when a person (or a session approval) approved the call in time.
     *
     * @return whether the call may run
     */
    public boolean approved() {
      return denial == null && response.isApproved();
    }

    /**
     * The answer, or the guard's own denial.
     *
     * @return the approver's answer, or the guard's denial when it failed closed
     */
    public ApprovalResponse response() {
      return response;
    }

    /**
     * Why the call is refused; {@code null} when it was approved.
     *
     * @return the refusing decision, or {@code null}
     */
    public Decision denial() {
      return denial;
    }

    @Override
    public String toString() {
      return label + (denial == null ? "" : " (" + denial.reason() + ")");
    }
  }
}
