package dev.agentguard.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link GuardedProcess} run produced.
 *
 * @param exitCode the process's exit code (after a timeout, whatever the killed process reported)
 * @param stdout standard output, decoded as UTF-8, at most the configured number of bytes
 * @param stderr standard error, decoded as UTF-8, at most the configured number of bytes
 * @param stdoutTruncated whether standard output was longer than the cap and was cut
 * @param stderrTruncated whether standard error was longer than the cap and was cut
 * @param timedOut whether the run hit its timeout and the process tree was killed
 * @param duration how long the run took
 * @param confinement how the command ran: {@code bubblewrap} or {@code seatbelt} when confined by the OS sandbox,
 *     otherwise {@code unconfined: } and why
 */
public record ProcessResult(
    int exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    boolean timedOut,
    Duration duration,
    String confinement) {

  /**
   * Validates the components.
   *
   * @param exitCode the process's exit code (after a timeout, whatever the killed process reported)
   * @param stdout standard output, decoded as UTF-8, at most the configured number of bytes
   * @param stderr standard error, decoded as UTF-8, at most the configured number of bytes
   * @param stdoutTruncated whether standard output was longer than the cap and was cut
   * @param stderrTruncated whether standard error was longer than the cap and was cut
   * @param timedOut whether the run hit its timeout and the process tree was killed
   * @param duration how long the run took
   * @param confinement how the command ran: {@code bubblewrap} or {@code seatbelt} when confined by the OS
   *     sandbox, otherwise {@code unconfined: } and why
   */
  public ProcessResult {
    Objects.requireNonNull(stdout, "stdout must not be null");
    Objects.requireNonNull(stderr, "stderr must not be null");
    Objects.requireNonNull(duration, "duration must not be null");
    Objects.requireNonNull(confinement, "confinement must not be null");
  }

  /**
   * A result of an unconfined run (as before the OS sandbox).
   *
   * @param exitCode the process's exit code
   * @param stdout standard output, decoded as UTF-8
   * @param stderr standard error, decoded as UTF-8
   * @param stdoutTruncated whether standard output was cut at the cap
   * @param stderrTruncated whether standard error was cut at the cap
   * @param timedOut whether the run hit its timeout
   * @param duration how long the run took
   */
  public ProcessResult(int exitCode, String stdout, String stderr, boolean stdoutTruncated, boolean stderrTruncated,
      boolean timedOut, Duration duration) {
    this(exitCode, stdout, stderr, stdoutTruncated, stderrTruncated, timedOut, duration, "unconfined");
  }

  /**
   * Whether the OS sandbox confined the command.
   *
   * @return whether the confinement is {@code bubblewrap} or {@code seatbelt}
   */
  public boolean confined() {
    return !confinement.startsWith("unconfined");
  }

  /**
   * Whether the process ran to completion with exit code 0.
   *
   * @return whether the process ran to completion with exit code 0
   */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
