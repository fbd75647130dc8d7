package dev.agentguard.core.internal;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import java.time.Instant;
import java.util.Optional;

/** The per-call {@link GuardContext}: written once by the checks, read by the gate and the terminal step. */
final class CallState implements GuardContext {

  private final ToolCall originalCall;
  private final Instant startedAt;
  private volatile Evaluation evaluation;

  CallState(ToolCall originalCall, Instant startedAt) {
    this.originalCall = originalCall;
    this.startedAt = startedAt;
  }

  @Override
  public ToolCall originalCall() {
    return originalCall;
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public Optional<Evaluation> evaluation() {
    return Optional.ofNullable(evaluation);
  }

  void evaluated(Evaluation evaluation) {
    if (this.evaluation != null) {
      throw new IllegalStateException("the call was already evaluated");
    }
    this.evaluation = evaluation;
  }
}
