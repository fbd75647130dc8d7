package dev.agentguard.api;

import java.time.Instant;
import java.util.Optional;

/** Per-call state that travels along the interceptor chain. */
public interface GuardContext {

  /**
   * The call as the framework handed it to the guard, before any interceptor rewrote it.
   *
   * @return the call as the framework handed it to the guard, before any interceptor rewrote it
   */
  ToolCall originalCall();

  /** When the guard received the call. */
  Instant startedAt();

  /**
   * The checks' evaluation of the call, once the checks have run.
   *
   * @return the checks' evaluation of the call, once the checks have run
   */
  Optional<Evaluation> evaluation();
}
