package dev.agentguard.core.internal;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How an approval ended: the answer (or the guard's own denial when the approver failed, answered null, timed out
 * or the gate closed), a label for events, and the denial decision. Every way an approver can fail becomes a
 * denial with its own rule ({@code approval.error}, {@code approval.null}, ...). Immutable.
 */
public final class ApprovalOutcome {

  /** Who decided when the guard itself refused a call. */
  static final String GUARD = "agent-guard";

  final ApprovalResponse response;
  final String label;
  final Decision denial;

  ApprovalOutcome(ApprovalResponse response, String label, Decision denial) {
    this.response = response;
    this.label = label;
    this.denial = denial;
  }

  static ApprovalOutcome failed(String label, String reason) {
    return new ApprovalOutcome(
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

  /** The outcome of an approver's answer {@code response}, or of its failure {@code error}. */
  static ApprovalOutcome classify(ApprovalResponse response, Throwable error) {
    if (error != null) {
      Throwable cause = error;
      while ((cause instanceof CompletionException || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof CancellationException) {
        return failed("cancelled", "the approver cancelled the request");
      }
      if (cause instanceof TimeoutException) {
        return failed("timeout", "the approver gave up waiting for a decision");
      }
      return failed("error", "the approver failed with " + describe(cause));
    }
    if (response == null) {
      return failed("null", "the approver answered null");
    }
    if (response.isApproved()) {
      return new ApprovalOutcome(response, "approved", null);
    }
    return new ApprovalOutcome(response, "denied", Decision.deny(CheckNames.APPROVAL, "approval.denied",
        "refused by " + response.decidedBy()
            + (response.comment().isEmpty() ? "" : ": " + response.comment())));
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
  }
}
