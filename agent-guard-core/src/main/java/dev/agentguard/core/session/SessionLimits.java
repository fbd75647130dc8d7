package dev.agentguard.core.session;

import dev.agentguard.api.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * How much session state a guard keeps. Memory is bounded by construction: at most {@code maxSessions}
 * conversations, each holding at most {@code maxFingerprints} call fingerprints (8 bytes and a count each, least
 * recently used dropped first), one timestamp per call in the last minute (at most {@code perMinute}), three
 * label origins of at most {@link #MAX_ORIGIN_CHARS} characters, and counters. A conversation idle for
 * {@code idleExpiry} is forgotten, as is the least recently used one when the store is full; a forgotten
 * conversation starts again with no labels and full budgets.
 *
 * @param maxSessions conversations kept at once
 * @param maxFingerprints distinct call fingerprints kept per conversation (for {@code maxIdentical})
 * @param idleExpiry how long an unused conversation is kept
 */
public record SessionLimits(int maxSessions, int maxFingerprints, Duration idleExpiry) {

  /** The longest label origin text kept. */
  public static final int MAX_ORIGIN_CHARS = 200;

  /** 10,000 conversations, 1,024 fingerprints each, forgotten after 12 hours idle. */
  public static final SessionLimits DEFAULTS = new SessionLimits(10_000, 1_024, Duration.ofHours(12));

  /**
   * Validates the components.
   *
   * @param maxSessions conversations kept at once
   * @param maxFingerprints distinct call fingerprints kept per conversation (for {@code maxIdentical})
   * @param idleExpiry how long an unused conversation is kept
   */
  public SessionLimits {
    if (maxSessions < 1 || maxFingerprints < 1) {
      throw new IllegalArgumentException("maxSessions and maxFingerprints must be positive");
    }
    Durations.positive(idleExpiry, "idleExpiry");
  }
}
