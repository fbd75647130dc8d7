package dev.agentguard.ops.approval;

import dev.agentguard.core.approval.TimeoutScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Deadlines that fire only when the test says so. */
final class ManualDeadlines implements TimeoutScheduler {

  private final List<Deadline> deadlines = new ArrayList<>();
  private boolean closed;

  private static final class Deadline {
    final Runnable task;
    final Duration delay;
    boolean cancelled;

    Deadline(Runnable task, Duration delay) {
      this.task = task;
      this.delay = delay;
    }
  }

  @Override
  public synchronized Runnable schedule(Runnable task, Duration delay) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    Deadline d = new Deadline(task, delay);
    deadlines.add(d);
    notifyAll();
    return () -> {
      synchronized (this) {
        d.cancelled = true;
      }
    };
  }

  /** The deadlines set and not cancelled. */
  synchronized int armed() {
    return (int) deadlines.stream().filter(d -> !d.cancelled).count();
  }

  /** Waits until {@code count} deadlines have been set (armed or not), at most 30 seconds. */
  synchronized void awaitScheduled(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (deadlines.size() < count) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("only " + deadlines.size() + " of " + count + " deadlines were set");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized List<Duration> delays() {
    return deadlines.stream().map(d -> d.delay).toList();
  }

  /** Fires every armed deadline, as if its time had come. */
  void fireAll() {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      for (Deadline d : deadlines) {
        if (!d.cancelled) {
          d.cancelled = true;
          due.add(d.task);
        }
      }
    }
    due.forEach(Runnable::run);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
