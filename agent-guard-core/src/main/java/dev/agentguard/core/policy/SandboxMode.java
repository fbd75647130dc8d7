package dev.agentguard.core.policy;

import java.util.Locale;

/**
 * How commands the guard lets run are confined by the operating system (the policy's {@code sandbox.mode}).
 */
public enum SandboxMode {
  /**
   * Every command runs in the OS sandbox; when the sandbox cannot start (no {@code bwrap}, no user namespaces,
   * no forwarder for the network) the command is refused with rule {@code sandbox.unavailable}. The default.
   */
  REQUIRED,
  /** Confine when the sandbox can start; otherwise run unconfined and say so in every event. */
  PREFERRED,
  /** Never confine: the policy's decision on the command line is all there is. */
  OFF;

  /**
   * The policy-file label.
   *
   * @return {@code required}, {@code preferred} or {@code off}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * How strict the mode is: {@code required} 2, {@code preferred} 1, {@code off} 0.
   *
   * @return 2, 1 or 0
   */
  public int strictness() {
    return this == REQUIRED ? 2 : this == PREFERRED ? 1 : 0;
  }

  /**
   * Parses {@code required}, {@code preferred} or {@code off}.
   *
   * @param label the label as written in a policy file
   * @return the matching mode
   * @throws IllegalArgumentException for anything else
   */
  public static SandboxMode fromLabel(String label) {
    for (SandboxMode m : values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown sandbox mode '" + label + "': expected required, preferred or off");
  }
}
