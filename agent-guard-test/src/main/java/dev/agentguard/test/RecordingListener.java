package dev.agentguard.test;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@link GuardListener} that keeps every {@link GuardEvent} in order, to query after (or while) the guard
 * runs. Thread-safe: events may arrive on any thread, and queries return snapshots. Events are recorded as
 * listeners receive them: with secrets in arguments already redacted by the guard.
 *
 * <pre>{@code
 * RecordingListener events = new RecordingListener();
 * AgentGuard guard = AgentGuard.builder().policy(policy).listener(events).build();
 * ...
 * assertThat(events.denials()).hasSize(1);
 * assertThat(events.ofTool("shell", GuardEvent.CallDenied.class)).isNotEmpty();
 * }</pre>
 */
public final class RecordingListener implements GuardListener {

  private final Object lock = new Object();
  private final List<GuardEvent> events = new ArrayList<>();

  /** Creates an empty recorder. */
  public RecordingListener() {}

  @Override
  public void onEvent(GuardEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    synchronized (lock) {
      events.add(event);
      lock.notifyAll();
    }
  }

  /**
   * Every event so far, in arrival order.
   *
   * @return every event so far, in arrival order
   */
  public List<GuardEvent> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  /**
   * The number of events so far.
   *
   * @return the number of events so far
   */
  public int size() {
    synchronized (lock) {
      return events.size();
    }
  }

  /** Forgets every event so far. */
  public void clear() {
    synchronized (lock) {
      events.clear();
    }
  }

  /**
   * The events of type {@code type}, in order.
   *
   * @param <T> the event type
   * @param type the event class, such as {@code GuardEvent.CallDenied.class}
   * @return the events of type {@code type}, in order
   */
  public <T extends GuardEvent> List<T> events(Class<T> type) {
    Objects.requireNonNull(type, "type must not be null");
    return matching(type::isInstance).stream().map(type::cast).toList();
  }

  /**
   * The events about calls to {@code toolName}, in order.
   *
   * @param toolName the tool's name, compared exactly
   * @return the events about calls to {@code toolName}, in order
   */
  public List<GuardEvent> ofTool(String toolName) {
    Objects.requireNonNull(toolName, "toolName must not be null");
    return matching(e -> e.call().toolName().equals(toolName));
  }

  /**
   * The events of type {@code type} about calls to {@code toolName}, in order.
   *
   * @param <T> the event type
   * @param toolName the tool's name, compared exactly
   * @param type the event class
   * @return the events of type {@code type} about calls to {@code toolName}, in order
   */
  public <T extends GuardEvent> List<T> ofTool(String toolName, Class<T> type) {
    Objects.requireNonNull(toolName, "toolName must not be null");
    Objects.requireNonNull(type, "type must not be null");
    return events(type).stream().filter(e -> e.call().toolName().equals(toolName)).toList();
  }

  /**
   * The events about the call with id {@code callId}, in order.
   *
   * @param callId the call's id
   * @return the events about the call with id {@code callId}, in order
   */
  public List<GuardEvent> ofCall(String callId) {
    Objects.requireNonNull(callId, "callId must not be null");
    return matching(e -> e.call().id().equals(callId));
  }

  /**
   * The events of type {@code type} about the call with id {@code callId}, in order.
   *
   * @param <T> the event type
   * @param callId the call's id
   * @param type the event class
   * @return the events of type {@code type} about the call with id {@code callId}, in order
   */
  public <T extends GuardEvent> List<T> ofCall(String callId, Class<T> type) {
    Objects.requireNonNull(callId, "callId must not be null");
    Objects.requireNonNull(type, "type must not be null");
    return events(type).stream().filter(e -> e.call().id().equals(callId)).toList();
  }

  /**
   * The events that satisfy {@code predicate}, in order.
   *
   * @param predicate selects the events
   * @return the events that satisfy {@code predicate}, in order
   */
  public List<GuardEvent> matching(Predicate<? super GuardEvent> predicate) {
    Objects.requireNonNull(predicate, "predicate must not be null");
    List<GuardEvent> out = new ArrayList<>();
    for (GuardEvent e : events()) {
      if (predicate.test(e)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every evaluation the checks made, in order (from {@link GuardEvent.CallDecided}).
   *
   * @return every evaluation the checks made, in order (from {@link GuardEvent.CallDecided})
   */
  public List<Evaluation> evaluations() {
    return events(GuardEvent.CallDecided.class).stream().map(GuardEvent.CallDecided::evaluation).toList();
  }

  /**
   * The evaluations whose final verdict was {@code verdict}, in order.
   *
   * @param verdict the final verdict to select
   * @return the evaluations whose final verdict was {@code verdict}, in order
   */
  public List<Evaluation> evaluations(Verdict verdict) {
    Objects.requireNonNull(verdict, "verdict must not be null");
    return evaluations().stream().filter(e -> e.verdict() == verdict).toList();
  }

  /**
   * The refusals ({@link GuardEvent.CallDenied}): by a check or by an approver, in order.
   *
   * @return the refusals ({@link GuardEvent.CallDenied}): by a check or by an approver, in order
   */
  public List<GuardEvent.CallDenied> denials() {
    return events(GuardEvent.CallDenied.class);
  }

  /**
   * The decisions that refused calls, in order.
   *
   * @return the decisions that refused calls, in order
   */
  public List<Decision> denialDecisions() {
    return denials().stream().map(GuardEvent.CallDenied::decision).toList();
  }

  /**
   * The calls that ran and returned ({@link GuardEvent.CallCompleted}), in order.
   *
   * @return the calls that ran and returned ({@link GuardEvent.CallCompleted}), in order
   */
  public List<GuardEvent.CallCompleted> completions() {
    return events(GuardEvent.CallCompleted.class);
  }

  /**
   * The approval requests made, in order.
   *
   * @return the approval requests made, in order
   */
  public List<GuardEvent.ApprovalRequested> approvalRequests() {
    return events(GuardEvent.ApprovalRequested.class);
  }

  /**
   * The approval outcomes, in order.
   *
   * @return the approval outcomes, in order
   */
  public List<GuardEvent.ApprovalResolved> approvalResolutions() {
    return events(GuardEvent.ApprovalResolved.class);
  }

  /**
   * Waits until at least {@code count} recorded events satisfy {@code predicate}, and returns them.
   *
   * @param predicate selects the events
   * @param count how many must match; not negative
   * @param timeout how long to wait at most
   * @return every matching event recorded so far, in order (at least {@code count})
   * @throws TimeoutException if they did not arrive within {@code timeout}; the message lists what did
   * @throws InterruptedException if the wait was interrupted
   */
  public List<GuardEvent> await(Predicate<? super GuardEvent> predicate, int count, Duration timeout)
      throws TimeoutException, InterruptedException {
    Objects.requireNonNull(predicate, "predicate must not be null");
    Objects.requireNonNull(timeout, "timeout must not be null");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<GuardEvent> found = new ArrayList<>();
        for (GuardEvent e : events) {
          if (predicate.test(e)) {
            found.add(e);
          }
        }
        if (found.size() >= count) {
          return List.copyOf(found);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("waited " + timeout + " for " + count + " matching events, got "
              + found.size() + "; every event: " + summary(events));
        }
        lock.wait(Math.max(1, left / 1_000_000), 0);
      }
    }
  }

  /**
   * Waits until at least {@code count} events of type {@code type} have arrived, and returns them.
   *
   * @param <T> the event type
   * @param type the event class
   * @param count how many must have arrived; not negative
   * @param timeout how long to wait at most
   * @return every event of that type recorded so far, in order (at least {@code count})
   * @throws TimeoutException if they did not arrive within {@code timeout}; the message lists what did
   * @throws InterruptedException if the wait was interrupted
   */
  public <T extends GuardEvent> List<T> await(Class<T> type, int count, Duration timeout)
      throws TimeoutException, InterruptedException {
    Objects.requireNonNull(type, "type must not be null");
    return await(type::isInstance, count, timeout).stream().map(type::cast).toList();
  }

  private static String summary(List<GuardEvent> events) {
    StringBuilder sb = new StringBuilder("[");
    for (GuardEvent e : events) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(e.getClass().getSimpleName()).append('(').append(e.call().toolName()).append(')');
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "RecordingListener" + summary(events);
    }
  }
}
