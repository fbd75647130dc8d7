package dev.agentguard.api;

import java.time.Duration;

/**
 * The one place that says what a valid timeout, delay or age is, for the builders and the policy reader of every
 * module: each check throws {@link NullPointerException} for null and {@link IllegalArgumentException}, naming the
 * setting and the value it was given, for a value out of range.
 */
public final class Durations {

  /** The longest duration a millisecond {@code int} (socket timeouts, for example) can carry: about 24.8 days. */
  public static final Duration MAX_INT_MILLIS = Duration.ofMillis(Integer.MAX_VALUE);

  private Durations() {}

  /**
   * Returns {@code d} if it is longer than zero.
   *
   * @param d the duration to check
   * @param name the setting's name, for the message
   * @return {@code d}
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is zero or negative
   */
  public static Duration positive(Duration d, String name) {
    Checks.notNull(d, name);
    if (!isPositive(d)) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /**
   * Returns {@code d} if it is zero or longer.
   *
   * @param d the duration to check
   * @param name the setting's name, for the message
   * @return {@code d}
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is negative
   */
  public static Duration nonNegative(Duration d, String name) {
    Checks.notNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
    return d;
  }

  /**
   * Returns {@code d} if it is longer than zero and at most {@code max}.
   *
   * @param d the duration to check
   * @param max the longest accepted duration
   * @param name the setting's name, for the message
   * @return {@code d}
   * @throws NullPointerException if {@code d} or {@code max} is null
   * @throws IllegalArgumentException if {@code d} is zero, negative or longer than {@code max}
   */
  public static Duration positiveAtMost(Duration d, Duration max, String name) {
    positive(d, name);
    Checks.notNull(max, "max");
    if (d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + max + ": " + d);
    }
    return d;
  }

  /**
   * Whether {@code d} is longer than zero; for readers that report a bad value instead of throwing.
   *
   * @param d the duration, or null
   * @return true if {@code d} is not null and longer than zero
   */
  public static boolean isPositive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
