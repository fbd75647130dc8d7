package dev.agentguard.api;

/**
 * The outcome of a check: let the call through, hold it for a human, or refuse it.
 *
 * <p>Verdicts are ordered by strictness, {@code ALLOW < ASK < DENY}, and combine by deny-overrides.
 */
public enum Verdict {
  /** The call may run. */
  ALLOW,
  /** The call may run only after a human approves it. */
  ASK,
  /** The call must not run. */
  DENY;

  /**
   * Returns the stricter of this verdict and {@code other} (deny-overrides).
   *
   * @param other the verdict to compare with
   * @return the stricter of this verdict and {@code other} (deny-overrides)
   */
  public Verdict and(Verdict other) {
    Checks.notNull(other, "other");
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * Returns whether this verdict is strictly stricter than {@code other}.
   *
   * @param other the verdict to compare with
   * @return whether this verdict is strictly stricter than {@code other}
   */
  public boolean isStricterThan(Verdict other) {
    Checks.notNull(other, "other");
    return compareTo(other) > 0;
  }

  /**
   * Returns the lower-case name used in policy files and CLI output ({@code allow}, {@code ask}, {@code deny}).
   *
   * @return the lower-case name used in policy files and CLI output ({@code allow}, {@code ask}, {@code deny})
   */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses a policy-file label ({@code allow}, {@code ask}, {@code deny}; case-insensitive).
   *
   * @param label the label, in any case
   * @return the matching verdict
   * @throws IllegalArgumentException if {@code label} is not one of them
   */
  public static Verdict fromLabel(String label) {
    Checks.notNull(label, "label");
    switch (label.toLowerCase(java.util.Locale.ROOT)) {
      case "allow":
        return ALLOW;
      case "ask":
        return ASK;
      case "deny":
        return DENY;
      default:
        throw new IllegalArgumentException(
            "unknown decision '" + label + "': expected allow, ask or deny");
    }
  }
}
