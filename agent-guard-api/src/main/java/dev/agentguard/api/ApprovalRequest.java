package dev.agentguard.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A call held for a human: what it is, what it touches, why it needs approval, and the fingerprint an approval
 * is bound to.
 *
 * @param requestId unique id of this request
 * @param call the exact call awaiting approval
 * @param resources what the call touches
 * @param reasons the ASK decisions that sent the call here
 * @param fingerprint SHA-256 (hex) of the canonical JSON of tool name, arguments and resources
 * @param createdAt when the request was made
 * @param expiresAt when an unanswered request becomes a denial
 */
public record ApprovalRequest(
    String requestId,
    ToolCall call,
    List<Resource> resources,
    List<Decision> reasons,
    String fingerprint,
    Instant createdAt,
    Instant expiresAt) {

  /**
   * Validates the components.
   *
   * @param requestId unique id of this request
   * @param call the exact call awaiting approval
   * @param resources what the call touches
   * @param reasons the ASK decisions that sent the call here
   * @param fingerprint SHA-256 (hex) of the canonical JSON of tool name, arguments and resources
   * @param createdAt when the request was made
   * @param expiresAt when an unanswered request becomes a denial
   */
  public ApprovalRequest {
    Checks.notBlank(requestId, "requestId");
    Checks.notNull(call, "call");
    resources = Checks.copyOf(resources, "resources");
    reasons = Checks.copyOf(reasons, "reasons");
    Checks.notBlank(fingerprint, "fingerprint");
    Checks.notNull(createdAt, "createdAt");
    Checks.notNull(expiresAt, "expiresAt");
    if (expiresAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("expiresAt must not be before createdAt");
    }
  }

  /**
   * The agent's rationale for the call, if it gave one.
   *
   * @return the agent's rationale for the call, if it gave one
   */
  public Optional<String> rationale() {
    return call.context().rationale();
  }

  /**
   * The rule ids that asked for approval.
   *
   * @return the rule ids that asked for approval
   */
  public List<String> ruleIds() {
    return reasons.stream().map(Decision::rule).distinct().toList();
  }
}
