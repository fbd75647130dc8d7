package dev.agentguard.core.internal;

import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import java.time.Instant;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One {@code execute}: the guard's own handle for it (an execution id no interceptor can reach or change, spelled
 * only when something reads it) and its life cycle. The chain is dead once {@code execute} returned: the enforcement
 * step then refuses to start, and a tool never starts after that.
 */
final class CallRun {

  private static final int OPEN = 0;
  private static final int JUDGING = 1;
  private static final int RUNNING = 2;
  private static final int DEAD = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(CallRun.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ExecutionIds ids;
  private final long idNumber;
  /** The id once spelled; a race spells it twice, equal both times. */
  private String executionId;
  final ToolCall originalCall;
  final Instant startedAt;
  final long startNanos;
  /** What interceptors see; {@code null} when the call has none (then no start time was taken). */
  final GuardContext view;
  private volatile int state; // OPEN: the default value, so the constructor writes no volatile field
  private volatile ToolCall judged;

  CallRun(ExecutionIds ids, ToolCall originalCall, Instant startedAt, long startNanos) {
    this.ids = ids;
    this.idNumber = ids.draw();
    this.originalCall = originalCall;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
    this.view = startedAt == null ? null : new View(originalCall, startedAt);
  }

  /** The guard's execution id of this run: drawn when the run began, spelled when first read. */
  String executionId() {
    String id = executionId;
    if (id == null) {
      id = ids.format(idNumber);
      executionId = id;
    }
    return id;
  }

  /** Enters the enforcement step with {@code call}; false when it was entered before or the run is over. */
  boolean judge(ToolCall call) {
    if (!STATE.compareAndSet(this, OPEN, JUDGING)) {
      return false;
    }
    judged = call;
    return true;
  }

  /** Marks the tool as starting; false when the run ended first. */
  boolean startTool() {
    return STATE.compareAndSet(this, JUDGING, RUNNING);
  }

  /** Ends the run: from here nothing starts. */
  void end() {
    state = DEAD;
  }

  boolean isOver() {
    return state == DEAD;
  }

  /** The call the terminal event names: the judged call, or the call as received when nothing was judged. */
  ToolCall reported() {
    ToolCall j = judged;
    return j != null ? j : originalCall;
  }

  /** What interceptors see of the run: facts only, nothing to write. */
  private record View(ToolCall originalCall, Instant startedAt) implements GuardContext {}
}
