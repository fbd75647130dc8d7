package dev.agentguard.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a tool call inside the guard. Arguments in events are already redacted.
 *
 * <p>Every event of one {@code execute} carries the same {@link #executionId()}, chosen by the guard when the
 * call arrives; no interceptor can change it (an interceptor may change the call's id or context), so listeners
 * pair a call's events by it. Every {@code execute} yields exactly one {@link CallStarted} and exactly one
 * terminal event ({@link CallCompleted}, {@link CallFailed} or {@link CallDenied}).
 */
public sealed interface GuardEvent
    permits GuardEvent.CallStarted,
        GuardEvent.CallDecided,
        GuardEvent.ApprovalRequested,
        GuardEvent.ApprovalResolved,
        GuardEvent.LateApproval,
        GuardEvent.CallCompleted,
        GuardEvent.CallFailed,
        GuardEvent.CallDenied {

  /**
   * The call the event is about.
   *
   * @return the call the event is about
   */
  ToolCall call();

  /**
   * When it happened.
   *
   * @return the instant of the event, from the guard's clock
   */
  Instant timestamp();

  /**
   * The guard's id for the one {@code execute} this event belongs to: the same on every event of that execute,
   * unique per execute, and out of reach of interceptors.
   *
   * @return the execution id, never blank
   */
  String executionId();

  /**
   * What kind of event this is, for a {@code switch} instead of a ladder of {@code instanceof}.
   *
   * @return the event's type
   */
  Type type();

  /**
   * True for the event that ends an execute: {@link CallCompleted}, {@link CallFailed}, {@link CallDenied}.
   *
   * @return whether no further event follows for this execution
   */
  default boolean isTerminal() {
    return type().terminal;
  }

  /** The kinds of event, one per record. */
  enum Type {
    /** {@link CallStarted}. */
    CALL_STARTED(false),
    /** {@link CallDecided}. */
    CALL_DECIDED(false),
    /** {@link ApprovalRequested}. */
    APPROVAL_REQUESTED(false),
    /** {@link ApprovalResolved}. */
    APPROVAL_RESOLVED(false),
    /** {@link LateApproval}. */
    LATE_APPROVAL(false),
    /** {@link CallCompleted}. */
    CALL_COMPLETED(true),
    /** {@link CallFailed}. */
    CALL_FAILED(true),
    /** {@link CallDenied}. */
    CALL_DENIED(true);

    private final boolean terminal;

    Type(boolean terminal) {
      this.terminal = terminal;
    }
  }

  /** The guard received a call. */
  record CallStarted(ToolCall call, Instant timestamp, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call received
     * @param timestamp when it was received
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public CallStarted {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call received; its id becomes the execution id
     * @param timestamp when it was received
     */
    public CallStarted(ToolCall call, Instant timestamp) {
      this(call, timestamp, call.id());
    }

    @Override
    public Type type() {
      return Type.CALL_STARTED;
    }
  }

  /** The checks judged a call; carries every check's decision. */
  record CallDecided(ToolCall call, Instant timestamp, Evaluation evaluation, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call judged
     * @param timestamp when the checks finished
     * @param evaluation every check's decision and the combined one
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public CallDecided {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(evaluation, "evaluation");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call judged; its id becomes the execution id
     * @param timestamp when the checks finished
     * @param evaluation every check's decision and the combined one
     */
    public CallDecided(ToolCall call, Instant timestamp, Evaluation evaluation) {
      this(call, timestamp, evaluation, call.id());
    }

    @Override
    public Type type() {
      return Type.CALL_DECIDED;
    }
  }

  /** A call was held for approval. */
  record ApprovalRequested(ToolCall call, Instant timestamp, ApprovalRequest request, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call held
     * @param timestamp when the approver was asked
     * @param request what the approver was asked
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public ApprovalRequested {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(request, "request");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call held; its id becomes the execution id
     * @param timestamp when the approver was asked
     * @param request what the approver was asked
     */
    public ApprovalRequested(ToolCall call, Instant timestamp, ApprovalRequest request) {
      this(call, timestamp, request, call.id());
    }

    @Override
    public Type type() {
      return Type.APPROVAL_REQUESTED;
    }
  }

  /**
   * An approval request was answered, or failed closed (then {@code response} is a denial made by the guard
   * and {@code outcome} says why: {@code timeout}, {@code error}, {@code null}, {@code cancelled},
   * {@code interrupted}).
   *
   * @param outcome {@code approved}, {@code denied}, {@code session} (reused a session approval) or the
   *     fail-closed cause
   */
  record ApprovalResolved(
      ToolCall call,
      Instant timestamp,
      ApprovalRequest request,
      ApprovalResponse response,
      Duration waited,
      String outcome,
      String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call held
     * @param timestamp when the answer arrived (or the guard gave up waiting)
     * @param request the request answered
     * @param response the answer, or the guard's own denial when it failed closed
     * @param waited how long the guard waited for the answer
     * @param outcome {@code approved}, {@code denied}, {@code session} or the fail-closed cause; not blank
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public ApprovalResolved {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(request, "request");
      Checks.notNull(response, "response");
      Checks.notNull(waited, "waited");
      Checks.notBlank(outcome, "outcome");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call held; its id becomes the execution id
     * @param timestamp when the answer arrived (or the guard gave up waiting)
     * @param request the request answered
     * @param response the answer, or the guard's own denial when it failed closed
     * @param waited how long the guard waited for the answer
     * @param outcome {@code approved}, {@code denied}, {@code session} or the fail-closed cause; not blank
     */
    public ApprovalResolved(ToolCall call, Instant timestamp, ApprovalRequest request, ApprovalResponse response,
        Duration waited, String outcome) {
      this(call, timestamp, request, response, waited, outcome, call.id());
    }

    @Override
    public Type type() {
      return Type.APPROVAL_RESOLVED;
    }
  }

  /**
   * An approver answered after its call had stopped waiting (past {@code approvals.timeout}, after
   * {@code close()}, or a second answer to one request). The answer was refused: it changed nothing.
   *
   * @param request the request answered
   * @param response the late answer, as given
   * @param late how long after the request was made the answer came
   */
  record LateApproval(
      ToolCall call, Instant timestamp, ApprovalRequest request, ApprovalResponse response, Duration late,
      String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call the answer was for
     * @param timestamp when the late answer arrived
     * @param request the request answered
     * @param response the late answer, as given
     * @param late how long after the request was made the answer came
     * @param executionId the id of the execute the request belonged to; not blank
     */
    public LateApproval {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(request, "request");
      Checks.notNull(response, "response");
      Checks.notNull(late, "late");
      Checks.notBlank(executionId, "executionId");
    }

    @Override
    public Type type() {
      return Type.LATE_APPROVAL;
    }
  }

  /** The tool ran and returned. */
  record CallCompleted(ToolCall call, Instant timestamp, ToolResult result, Duration duration, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call that ran
     * @param timestamp when the tool returned
     * @param result what the tool returned (after interceptors)
     * @param duration how long the whole execute took, checks and approval included
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public CallCompleted {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(result, "result");
      Checks.notNull(duration, "duration");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call that ran; its id becomes the execution id
     * @param timestamp when the tool returned
     * @param result what the tool returned (after interceptors)
     * @param duration how long the whole execute took, checks and approval included
     */
    public CallCompleted(ToolCall call, Instant timestamp, ToolResult result, Duration duration) {
      this(call, timestamp, result, duration, call.id());
    }

    @Override
    public Type type() {
      return Type.CALL_COMPLETED;
    }
  }

  /** The tool (or an interceptor) threw. */
  record CallFailed(ToolCall call, Instant timestamp, Throwable error, Duration duration, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call that failed
     * @param timestamp when the failure was seen
     * @param error what the tool or interceptor threw (a {@link RedactedException} when its message held a
     *     secret)
     * @param duration how long the whole execute took until the failure
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public CallFailed {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(error, "error");
      Checks.notNull(duration, "duration");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call that failed; its id becomes the execution id
     * @param timestamp when the failure was seen
     * @param error what the tool or interceptor threw
     * @param duration how long the whole execute took until the failure
     */
    public CallFailed(ToolCall call, Instant timestamp, Throwable error, Duration duration) {
      this(call, timestamp, error, duration, call.id());
    }

    @Override
    public Type type() {
      return Type.CALL_FAILED;
    }
  }

  /** The guard refused the call; the tool did not run. */
  record CallDenied(ToolCall call, Instant timestamp, Decision decision, Duration duration, String executionId)
      implements GuardEvent {
    /**
     * Validates the components.
     *
     * @param call the call refused
     * @param timestamp when it was refused
     * @param decision the decision that refused it
     * @param duration how long the execute took until the refusal, approval wait included
     * @param executionId the id of the execute this event belongs to; not blank
     */
    public CallDenied {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(decision, "decision");
      Checks.notNull(duration, "duration");
      Checks.notBlank(executionId, "executionId");
    }

    /**
     * An event whose execution id is the call's id, for listeners and tests that build events by hand.
     *
     * @param call the call refused; its id becomes the execution id
     * @param timestamp when it was refused
     * @param decision the decision that refused it
     * @param duration how long the execute took until the refusal, approval wait included
     */
    public CallDenied(ToolCall call, Instant timestamp, Decision decision, Duration duration) {
      this(call, timestamp, decision, duration, call.id());
    }

    @Override
    public Type type() {
      return Type.CALL_DENIED;
    }
  }
}
