package dev.agentguard.core.policy;

import java.util.Locale;

/** Whether a policy blocks what it denies. */
public enum Mode {
  /** Deny and ask as decided. */
  ENFORCE,
  /** Decide and record everything, block nothing: for rolling a policy out. */
  AUDIT;

  /**
   * The policy-file label.
   *
   * @return the policy-file label
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code enforce} or {@code audit}.
   *
   * @param label the label as written in a policy file
   * @return the matching mode
   * @throws IllegalArgumentException for anything else
   */
  public static Mode fromLabel(String label) {
    if ("enforce".equals(label)) {
      return ENFORCE;
    }
    if ("audit".equals(label)) {
      return AUDIT;
    }
    throw new IllegalArgumentException("unknown mode '" + label + "': expected enforce or audit");
  }
}
