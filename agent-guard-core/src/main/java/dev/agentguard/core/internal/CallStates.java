package dev.agentguard.core.internal;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import java.time.Instant;

/** Creates and updates the per-call {@link GuardContext}. */
public final class CallStates {

  private CallStates() {}

  /**
   * A fresh context for {@code call}.
   *
   * @return a fresh context for {@code call}
   */
  public static GuardContext create(ToolCall call, Instant startedAt) {
    return new CallState(call, startedAt);
  }

  /** Records the checks' evaluation; may happen once per call. */
  public static void evaluated(GuardContext context, Evaluation evaluation) {
    if (!(context instanceof CallState)) {
      throw new IllegalStateException("the chain's context was replaced");
    }
    ((CallState) context).evaluated(evaluation);
  }
}
