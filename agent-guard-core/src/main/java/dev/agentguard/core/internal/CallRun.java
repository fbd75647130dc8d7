package dev.agentguard.core.internal;

import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code execute}: the guard's own handle for it (an execution id no interceptor can reach or change) and
 * its life cycle. The chain is dead once {@code execute} returned: the enforcement step then refuses to start,
 * and a tool never starts after that.
 */
final class CallRun {

  private static final int OPEN = 0;
  private static final int JUDGING = 1;
  private static final int RUNNING = 2;
  private static final int DEAD = 3;

  final String executionId;
  final ToolCall originalCall;
  final Instant startedAt;
  final long startNanos;
  final GuardContext view;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private volatile ToolCall judged;

  CallRun(String executionId, ToolCall originalCall, Instant startedAt, long startNanos) {
    this.executionId = executionId;
    this.originalCall = originalCall;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
    this.view = new View(originalCall, startedAt);
  }

  /** Enters the enforcement step with {@code call}; false when it was entered before or the run is over. */
  boolean judge(ToolCall call) {
    if (!state.compareAndSet(OPEN, JUDGING)) {
      return false;
    }
    judged = call;
    return true;
  }

  /** Marks the tool as starting; false when the run ended first. */
  boolean startTool() {
    return state.compareAndSet(JUDGING, RUNNING);
  }

  /** Ends the run: from here nothing starts. */
  void end() {
    state.set(DEAD);
  }

  boolean isOver() {
    return state.get() == DEAD;
  }

  /** The call the terminal event names: the judged call, or the call as received when nothing was judged. */
  ToolCall reported() {
    ToolCall j = judged;
    return j != null ? j : originalCall;
  }

  /** What interceptors see of the run: facts only, nothing to write. */
  private record View(ToolCall originalCall, Instant startedAt) implements GuardContext {}
}
