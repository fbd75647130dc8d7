package dev.agentguard.api;

/**
 * Thrown by a guarded executor when the guard refuses a call. Carries the deciding {@link Decision}; adapters
 * turn it into the framework's error result so the agent keeps running and the model sees why.
 */
public final class ToolCallDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;
  /**
   * The refused tool's name.
   */
  private final String toolName;
  /**
   * The reason the message shows, as given to the constructor.
   */
  private final String shownReason;

  /**
   * Creates the exception for a refusal of a call to {@code toolName}.
   *
   * @param toolName the refused tool's name
   * @param decision the decision that refused the call
   */
  public ToolCallDeniedException(String toolName, Decision decision) {
    this(toolName, decision, Checks.notNull(decision, "decision").reason());
  }

  /**
   * Creates the exception for a refusal whose message shows {@code shownReason} in place of the decision's
   * reason, such as the reason with host paths shortened for the model; {@link #decision()} keeps the full one.
   *
   * @param toolName the refused tool's name
   * @param decision the decision that refused the call
   * @param shownReason the reason the message (and so the model) shows
   */
  public ToolCallDeniedException(String toolName, Decision decision, String shownReason) {
    super(message(toolName, decision, shownReason));
    this.toolName = toolName;
    this.decision = decision;
    this.shownReason = shownReason;
  }

  private static String message(String toolName, Decision decision, String shownReason) {
    Checks.notNull(toolName, "toolName");
    Checks.notNull(decision, "decision");
    Checks.notNull(shownReason, "shownReason");
    return "tool call '" + toolName + "' refused by " + decision.check() + " rule '" + decision.rule() + "': "
        + shownReason;
  }

  /**
   * The reason this exception's message shows: the decision's reason, or a shortened form of it (host paths
   * relative to the workspace or {@code ~}) when the guard threw it. Adapters send this text to the model.
   *
   * @return the reason shown to the model
   */
  public String shownReason() {
    return shownReason;
  }

  /**
   * The decision that refused the call.
   *
   * @return the decision that refused the call
   */
  public Decision decision() {
    return decision;
  }

  /**
   * The refused tool's name.
   *
   * @return the refused tool's name
   */
  public String toolName() {
    return toolName;
  }
}
