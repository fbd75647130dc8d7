package dev.agentguard.api;

/**
 * A human's (or an approver's) answer to an {@link ApprovalRequest}.
 *
 * @param status approved or denied
 * @param decidedBy who decided
 * @param comment free text from the decider, may be empty
 * @param scope how far an approval reaches: this call only, or the same call again in the same conversation
 */
public record ApprovalResponse(Status status, String decidedBy, String comment, Scope scope) {

  /**
   * Validates the components.
   *
   * @param status approved or denied
   * @param decidedBy who decided
   * @param comment free text from the decider, may be empty
   * @param scope how far an approval reaches: this call only, or the same call again in the same conversation
   */
  public ApprovalResponse {
    Checks.notNull(status, "status");
    Checks.notBlank(decidedBy, "decidedBy");
    Checks.notNull(comment, "comment");
    Checks.notNull(scope, "scope");
  }

  /**
   * Approves this one call.
   *
   * @param decidedBy who approved (a user name or the approver's name); must not be blank
   * @return an approval with scope {@link Scope#ONCE} and an empty comment
   */
  public static ApprovalResponse approved(String decidedBy) {
    return new ApprovalResponse(Status.APPROVED, decidedBy, "", Scope.ONCE);
  }

  /**
   * Approves this call and identical calls in the same conversation.
   *
   * @param decidedBy who approved (a user name or the approver's name); must not be blank
   * @return an approval with scope {@link Scope#SESSION} and an empty comment
   */
  public static ApprovalResponse approvedForSession(String decidedBy) {
    return new ApprovalResponse(Status.APPROVED, decidedBy, "", Scope.SESSION);
  }

  /**
   * Refuses the call.
   *
   * @param decidedBy who refused (a user name or the approver's name); must not be blank
   * @param comment why, as the decider said it; may be empty, not {@code null}
   * @return a denial with scope {@link Scope#ONCE}
   */
  public static ApprovalResponse denied(String decidedBy, String comment) {
    return new ApprovalResponse(Status.DENIED, decidedBy, comment, Scope.ONCE);
  }

  /**
   * Returns whether the call was approved.
   *
   * @return whether the call was approved
   */
  public boolean isApproved() {
    return status == Status.APPROVED;
  }

  /** The answer. */
  public enum Status {
    /** The call may run. */
    APPROVED,
    /** The call must not run. */
    DENIED
  }

  /** How far an approval reaches. */
  public enum Scope {
    /** This call only. */
    ONCE,
    /** Calls with the same fingerprint in the same conversation. */
    SESSION
  }
}
