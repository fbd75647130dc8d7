package dev.agentguard.core.approval;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs approval deadlines: when a call has waited {@code approvals.timeout} for its approver, its task runs and
 * the call is denied. One per guard: every waiting call's deadline is a task on it, so no thread is parked per
 * call besides the caller's own. The default, {@link #daemon()}, runs on real time; a test supplies one that
 * runs when a fake clock passes the deadline (see {@code AgentGuard.Builder.approvalTimeouts}).
 *
 * <p>Implementations must be thread-safe; a task may run on any thread.
 */
public interface TimeoutScheduler extends AutoCloseable {

  /**
   * Runs {@code task} once after {@code delay} and returns what cancels it.
   *
   * @param task what to run when the delay has passed
   * @param delay how long to wait
   * @return a handle that cancels the task if it has not run yet; calling it again does nothing
   * @throws java.util.concurrent.RejectedExecutionException once closed
   */
  Runnable schedule(Runnable task, Duration delay);

  /** Drops every scheduled task and refuses new ones. */
  @Override
  void close();

  /**
   * Returns a scheduler on one daemon thread, started when the first deadline is set and ended after 30 seconds
   * with none pending. The guard's default.
   *
   * @return a scheduler on one daemon thread, started when the first deadline is set and ended after 30 seconds
   *     with none pending
   */
  static TimeoutScheduler daemon() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread t = new Thread(runnable, "agent-guard-approval-deadlines");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setKeepAliveTime(30, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return new TimeoutScheduler() {
      @Override
      public Runnable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(delay, "delay must not be null");
        long nanos = delay.compareTo(Duration.ofDays(365_000)) > 0 ? Long.MAX_VALUE / 2 : delay.toNanos();
        ScheduledFuture<?> f = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
