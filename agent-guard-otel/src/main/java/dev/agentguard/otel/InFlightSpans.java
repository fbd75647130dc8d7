package dev.agentguard.otel;

import static dev.agentguard.otel.GuardAttributes.ABANDONED;
import static dev.agentguard.otel.GuardAttributes.ERROR_TYPE;

import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spans of calls in flight, by the guard's execution id (the same on every event of one execute and out of
 * reach of interceptors, which may change the call's id or conversation), each the top of a stack of nested
 * calls. Bounded: a call that never reports an outcome is ended as abandoned once it is older than the stale
 * limit, or, when the table is full, oldest first. Thread-safe.
 */
final class InFlightSpans {

  private static final int SWEEP_EVERY = 1024;

  private final int maxInFlight;
  private final long staleNanos;
  private final Map<String, CallSpan> open = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();

  InFlightSpans(int maxInFlight, long staleNanos) {
    this.maxInFlight = maxInFlight;
    this.staleNanos = staleNanos;
  }

  /** Before a call starts at {@code now}: every 1024th start, or when full, ends stale and excess spans. */
  void makeRoom(long now) {
    if (started.incrementAndGet() % SWEEP_EVERY == 0 || open.size() >= maxInFlight) {
      sweep(now);
    }
  }

  /** Puts {@code call} on top of the calls open under {@code executionId}. */
  void push(String executionId, CallSpan call) {
    open.compute(executionId, (k, previous) -> {
      call.outer = previous;
      return call;
    });
  }

  /** Removes and returns the top call open under {@code executionId}, or {@code null}. */
  CallSpan pop(String executionId) {
    CallSpan[] popped = new CallSpan[1];
    open.computeIfPresent(executionId, (k, top) -> {
      popped[0] = top;
      return top.outer;
    });
    return popped[0];
  }

  /** The top call open under {@code executionId}, or {@code null}. */
  CallSpan top(String executionId) {
    return open.get(executionId);
  }

  int size() {
    return open.size();
  }

  boolean isEmpty() {
    return open.isEmpty();
  }

  /** Ends spans older than the stale limit; when still over the in-flight limit, the oldest ones too. */
  private void sweep(long now) {
    for (Map.Entry<String, CallSpan> e : open.entrySet()) {
      if (now - e.getValue().startNanos > staleNanos) {
        abandon(e.getKey(), e.getValue());
      }
    }
    while (open.size() >= maxInFlight) {
      Map.Entry<String, CallSpan> oldest = null;
      for (Map.Entry<String, CallSpan> e : open.entrySet()) {
        if (oldest == null || e.getValue().startNanos < oldest.getValue().startNanos) {
          oldest = e;
        }
      }
      if (oldest == null) {
        return;
      }
      abandon(oldest.getKey(), oldest.getValue());
    }
  }

  private void abandon(String executionId, CallSpan top) {
    if (open.remove(executionId, top)) {
      for (CallSpan c = top; c != null; c = c.outer) {
        c.span.setAttribute(ERROR_TYPE, ABANDONED);
        c.span.setStatus(StatusCode.ERROR, "the call never reported an outcome");
        c.span.end();
      }
    }
  }
}
