package dev.agentguard.core.policy;

import dev.agentguard.api.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * The policy's {@code approvals} section.
 *
 * @param timeout how long a call waits for a human before it is denied (default 5 minutes)
 */
public record ApprovalSettings(Duration timeout) {

  /** The defaults. */
  public static final ApprovalSettings DEFAULTS = new ApprovalSettings(Duration.ofMinutes(5));

  /**
   * Validates that the timeout is positive.
   *
   * @param timeout how long a call waits for a human before it is denied (default 5 minutes)
   */
  public ApprovalSettings {
    Durations.positive(timeout, "approval timeout");
  }
}
