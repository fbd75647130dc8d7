package dev.agentguard.api;

import java.time.Instant;

/**
 * Per-call facts that travel along the interceptor chain. Read-only: the checks' verdict is not part of it (the
 * checks, the approval and the tool run together in one step after every interceptor).
 */
public interface GuardContext {

  /**
   * The call as the framework handed it to the guard, before any interceptor rewrote it.
   *
   * @return the call as the framework handed it to the guard, before any interceptor rewrote it
   */
  ToolCall originalCall();

  /**
   * When the guard received the call.
   *
   * @return the instant the guard's {@code execute} began, from the guard's clock
   */
  Instant startedAt();
}
