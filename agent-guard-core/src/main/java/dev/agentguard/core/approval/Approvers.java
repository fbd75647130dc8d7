package dev.agentguard.core.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Ready-made {@link Approver}s. For a person at a terminal see {@code ConsoleApprover}, for a web UI or chat
 * bot {@code ApprovalInbox} (both in the {@code agent-guard-ops} module); the {@code agent-guard-test} module has
 * a fuller scripted approver for tests.
 */
public final class Approvers {

  private static final Approver ALWAYS_DENY = request -> CompletableFuture.completedFuture(
      ApprovalResponse.denied("agent-guard", unapproved(request)));

  private Approvers() {}

  /** The refusal comment of {@link #alwaysDeny()}: no approver, and what the call needed approval for. */
  private static String unapproved(ApprovalRequest request) {
    String why = request.reasons().stream().map(Decision::reason).distinct()
        .collect(java.util.stream.Collectors.joining("; "));
    return "no approver is configured" + (why.isEmpty() ? "" : "; approval was needed because " + why);
  }

  /**
   * An approver that refuses everything: the default when none is configured. Its refusal says what the call
   * needed approval for (such as an undescribed tool), so the cause is not mistaken for a missing approver.
   *
   * @return the refusing approver
   */
  public static Approver alwaysDeny() {
    return ALWAYS_DENY;
  }

  /**
   * An approver that approves everything once, as {@code decidedBy}. For tests and demos only.
   *
   * @param decidedBy who the approvals say decided
   * @return an approver that approves everything once, as {@code decidedBy}
   */
  public static Approver alwaysApprove(String decidedBy) {
    ApprovalResponse response = ApprovalResponse.approved(decidedBy);
    return request -> CompletableFuture.completedFuture(response);
  }

  /**
   * An approver that decides at once with {@code decide}; a {@code decide} that throws or returns
   * {@code null} fails closed in the gate.
   *
   * @param decide gives the answer to each request
   * @return an approver that decides at once with {@code decide}; a {@code decide} that throws or returns {@code
   *     null} fails closed in the gate
   */
  public static Approver deciding(Function<? super ApprovalRequest, ApprovalResponse> decide) {
    Objects.requireNonNull(decide, "decide must not be null");
    return request -> {
      try {
        return CompletableFuture.completedFuture(decide.apply(request));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }

  /**
   * An approver that gives {@code answers} in order, one per request, then denies everything. For tests and
   * demos.
   *
   * @param answers the answers, in order
   * @return an approver that gives {@code answers} in order, one per request, then denies everything
   */
  public static Approver scripted(ApprovalResponse... answers) {
    Objects.requireNonNull(answers, "answers must not be null");
    ConcurrentLinkedQueue<ApprovalResponse> script = new ConcurrentLinkedQueue<>();
    for (ApprovalResponse a : List.of(answers)) {
      script.add(a);
    }
    return request -> {
      ApprovalResponse next = script.poll();
      return CompletableFuture.completedFuture(
          next != null ? next : ApprovalResponse.denied("agent-guard", "the scripted answers ran out"));
    };
  }
}
