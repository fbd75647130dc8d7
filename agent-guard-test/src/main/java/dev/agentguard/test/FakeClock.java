package dev.agentguard.test;

import dev.agentguard.core.approval.TimeoutScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
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
 * {@code expiresAt}. Approval deadlines follow it too when the guard is built with
 * {@code .approvalTimeouts(clock.timeouts())}: a call waiting for a never-answering approver is then denied for
 * timing out exactly when the test advances the clock past {@code approvals.timeout}, and not before.
 */
public final class FakeClock extends Clock {

  /** Where a clock made by {@link #create()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;
  private final Timers timers;

  private FakeClock(AtomicReference<Instant> now, ZoneId zone, Timers timers) {
    this.now = now;
    this.zone = zone;
    this.timers = timers;
  }

  /** Deadlines waiting for this clock (shared by the clocks {@link #withZone(ZoneId)} makes). */
  private static final class Timers {
    private final List<Timer> pending = new ArrayList<>();
    private boolean closed;

    synchronized Timer add(Instant due, Runnable task) {
      if (closed) {
        throw new RejectedExecutionException("the fake clock's timeouts were closed");
      }
      Timer t = new Timer(due, task);
      pending.add(t);
      return t;
    }

    synchronized void remove(Timer t) {
      pending.remove(t);
    }

    synchronized List<Timer> takeDue(Instant now) {
      List<Timer> due = new ArrayList<>();
      for (Iterator<Timer> it = pending.iterator(); it.hasNext(); ) {
        Timer t = it.next();
        if (!t.due.isAfter(now)) {
          due.add(t);
          it.remove();
        }
      }
      due.sort(Comparator.comparing(t -> t.due));
      return due;
    }

    synchronized int size() {
      return pending.size();
    }

    synchronized void close() {
      closed = true;
      pending.clear();
    }
  }

  private record Timer(Instant due, Runnable task) {}

  /**
   * Returns a clock standing at {@link #DEFAULT_START}, in UTC.
   *
   * @return a clock standing at {@link #DEFAULT_START}, in UTC
   */
  public static FakeClock create() {
    return at(DEFAULT_START);
  }

  /**
   * Returns a clock standing at {@code start}, in UTC.
   *
   * @param start the instant the clock stands at until moved; not {@code null}
   * @return a clock standing at {@code start}, in UTC
   */
  public static FakeClock at(Instant start) {
    Objects.requireNonNull(start, "start must not be null");
    return new FakeClock(new AtomicReference<>(start), ZoneOffset.UTC, new Timers());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * Returns a clock in {@code zone} that shares this clock's time: advancing one advances both.
   *
   * @return a clock in {@code zone} that shares this clock's time: advancing one advances both
   */
  @Override
  public FakeClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone must not be null");
    return new FakeClock(now, zone, timers);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward by {@code amount} and returns the new time.
   *
   * @param amount how far to move; zero or positive
   * @return the clock's new instant
   * @throws IllegalArgumentException if {@code amount} is negative: time does not go back
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    Instant moved = now.updateAndGet(t -> t.plus(amount));
    fireDue(moved);
    return moved;
  }

  /**
   * Sets the clock to {@code instant}, forwards or backwards (to test clock skew).
   *
   * @param instant the clock's new instant; not {@code null}
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant must not be null"));
    fireDue(instant);
  }

  /**
   * Returns approval deadlines that follow this clock, for {@code AgentGuard.builder().approvalTimeouts(...)}:
   * each runs, on the thread that moves the clock, once {@link #advance} or {@link #set} reaches its due time.
   * The guard closes it when the guard is closed; after that no deadline is accepted.
   *
   * @return approval deadlines that follow this clock, for {@code AgentGuard.builder().approvalTimeouts(...)}: each
   *     runs, on the thread that moves the clock, once {@link #advance} or {@link #set} reaches its due time
   */
  public TimeoutScheduler timeouts() {
    return new TimeoutScheduler() {
      @Override
      public Runnable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(delay, "delay must not be null");
        Timer timer = timers.add(instant().plus(delay), task);
        return () -> timers.remove(timer);
      }

      @Override
      public void close() {
        timers.close();
      }
    };
  }

  /**
   * Returns how many deadlines wait for this clock.
   *
   * @return how many deadlines wait for this clock
   */
  public int pendingTimeouts() {
    return timers.size();
  }

  private void fireDue(Instant time) {
    for (Timer t : timers.takeDue(time)) {
      t.task().run();
    }
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
