package dev.agentguard.core.approval;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import java.util.concurrent.CompletableFuture;

/** Ready-made {@link Approver}s. */
public final class Approvers {

  private static final Approver ALWAYS_DENY = request -> CompletableFuture.completedFuture(
      ApprovalResponse.denied("agent-guard", "no approver is configured"));

  private Approvers() {}

  /** An approver that refuses everything: the default when none is configured. */
  public static Approver alwaysDeny() {
    return ALWAYS_DENY;
  }

  /** An approver that approves everything once, as {@code decidedBy}. For tests and demos only. */
  public static Approver alwaysApprove(String decidedBy) {
    ApprovalResponse response = ApprovalResponse.approved(decidedBy);
    return request -> CompletableFuture.completedFuture(response);
  }
}
