package dev.agentguard.springai;

import dev.agentguard.api.Decision;
import java.util.Objects;

/**
 * The cause of the {@code ToolExecutionException} a {@link GuardedToolCallback} throws when agent-guard refuses a
 * call. Spring AI's tool execution exception processor turns it into the tool result the model reads (its
 * message: {@code Tool call refused by agent-guard (rule RULE): REASON}), or rethrows it when the application
 * asked Spring AI to rethrow tool errors.
 */
public final class ToolCallRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  /**
   * Creates the exception for {@code decision}; the message is the refusal text the model sees.
   *
   * @param decision the decision that refused the call
   */
  public ToolCallRefusedException(Decision decision) {
    super(RefusalText.of(Objects.requireNonNull(decision, "decision must not be null")));
    this.decision = decision;
  }

  /**
   * The decision that refused the call.
   *
   * @return the refusing decision
   */
  public Decision decision() {
    return decision;
  }
}
