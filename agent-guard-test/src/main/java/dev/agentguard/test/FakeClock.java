package dev.agentguard.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it. Thread-safe: the guard may read it on one thread
 * while the test advances it on another. Clocks made by {@link #withZone(ZoneId)} share the same time.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T09:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>The guard uses its clock for event times and for an approval request's {@code createdAt} and
 * {@code expiresAt}; how long the approval gate actually waits is real time (the policy's
 * {@code approvals.timeout}), so a timeout test sets a short timeout and a never-answering approver.
 */
public final class FakeClock extends Clock {

  /** Where a clock made by {@link #create()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Returns a clock standing at {@link #DEFAULT_START}, in UTC. */
  public static FakeClock create() {
    return at(DEFAULT_START);
  }

  /** Returns a clock standing at {@code start}, in UTC. */
  public static FakeClock at(Instant start) {
    Objects.requireNonNull(start, "start must not be null");
    return new FakeClock(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** Returns a clock in {@code zone} that shares this clock's time: advancing one advances both. */
  @Override
  public FakeClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone must not be null");
    return new FakeClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward by {@code amount} and returns the new time.
   *
   * @throws IllegalArgumentException if {@code amount} is negative: time does not go back
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the clock to {@code instant}, forwards or backwards (to test clock skew). */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant must not be null"));
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "FakeClock[" + now.get() + ", " + zone + "]";
  }
}
