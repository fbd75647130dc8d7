package dev.agentguard.api;

import java.time.Duration;
import java.time.Instant;

/** Something that happened to a tool call inside the guard. Arguments in events are already redacted. */
public sealed interface GuardEvent
    permits GuardEvent.CallStarted,
        GuardEvent.CallDecided,
        GuardEvent.ApprovalRequested,
        GuardEvent.ApprovalResolved,
        GuardEvent.CallCompleted,
        GuardEvent.CallFailed,
        GuardEvent.CallDenied {

  /**
   * The call the event is about.
   *
   * @return the call the event is about
   */
  ToolCall call();

  /** When it happened. */
  Instant timestamp();

  /** The guard received a call. */
  record CallStarted(ToolCall call, Instant timestamp) implements GuardEvent {
    /** Validates the components. */
    public CallStarted {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
    }
  }

  /** The checks judged a call; carries every check's decision. */
  record CallDecided(ToolCall call, Instant timestamp, Evaluation evaluation) implements GuardEvent {
    /** Validates the components. */
    public CallDecided {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(evaluation, "evaluation");
    }
  }

  /** A call was held for approval. */
  record ApprovalRequested(ToolCall call, Instant timestamp, ApprovalRequest request) implements GuardEvent {
    /** Validates the components. */
    public ApprovalRequested {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(request, "request");
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
      String outcome)
      implements GuardEvent {
    /** Validates the components. */
    public ApprovalResolved {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(request, "request");
      Checks.notNull(response, "response");
      Checks.notNull(waited, "waited");
      Checks.notBlank(outcome, "outcome");
    }
  }

  /** The tool ran and returned. */
  record CallCompleted(ToolCall call, Instant timestamp, ToolResult result, Duration duration)
      implements GuardEvent {
    /** Validates the components. */
    public CallCompleted {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(result, "result");
      Checks.notNull(duration, "duration");
    }
  }

  /** The tool (or an interceptor) threw. */
  record CallFailed(ToolCall call, Instant timestamp, Throwable error, Duration duration) implements GuardEvent {
    /** Validates the components. */
    public CallFailed {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(error, "error");
      Checks.notNull(duration, "duration");
    }
  }

  /** The guard refused the call; the tool did not run. */
  record CallDenied(ToolCall call, Instant timestamp, Decision decision, Duration duration) implements GuardEvent {
    /** Validates the components. */
    public CallDenied {
      Checks.notNull(call, "call");
      Checks.notNull(timestamp, "timestamp");
      Checks.notNull(decision, "decision");
      Checks.notNull(duration, "duration");
    }
  }
}
