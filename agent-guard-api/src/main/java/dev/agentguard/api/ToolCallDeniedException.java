package dev.agentguard.api;

/**
 * Thrown by a guarded executor when the guard refuses a call. Carries the deciding {@link Decision}; adapters
 * turn it into the framework's error result so the agent keeps running and the model sees why.
 */
public final class ToolCallDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;
  private final String toolName;

  /** Creates the exception for a refusal of a call to {@code toolName}. */
  public ToolCallDeniedException(String toolName, Decision decision) {
    super(message(toolName, decision));
    this.toolName = Checks.notNull(toolName, "toolName");
    this.decision = decision;
  }

  private static String message(String toolName, Decision decision) {
    Checks.notNull(toolName, "toolName");
    Checks.notNull(decision, "decision");
    return "tool call '" + toolName + "' refused by " + decision.check() + " rule '" + decision.rule() + "': "
        + decision.reason();
  }

  /** The decision that refused the call. */
  public Decision decision() {
    return decision;
  }

  /** The refused tool's name. */
  public String toolName() {
    return toolName;
  }
}
