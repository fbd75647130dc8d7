package dev.agentguard.sandbox.os;

import java.util.Objects;

/**
 * Whether an OS sandbox can start on this machine, and if not, why.
 *
 * @param available whether commands can be confined
 * @param reason what was found (the mechanism, or what is missing), for people
 */
public record Availability(boolean available, String reason) {

  /**
   * Validates the reason.
   *
   * @param available whether commands can be confined
   * @param reason what was found (the mechanism, or what is missing), for people; not {@code null}
   */
  public Availability {
    Objects.requireNonNull(reason, "reason must not be null");
  }
}
