package dev.agentguard.api;

/**
 * What a tool returned: its text, and whether it is an error the model should see as such.
 *
 * @param content the result text handed back to the model
 * @param error whether the tool failed or refused
 */
public record ToolResult(String content, boolean error) {

  /**
   * Validates the components.
   *
   * @param content the result text handed back to the model
   * @param error whether the tool failed or refused
   */
  public ToolResult {
    Checks.notNull(content, "content");
  }

  /**
   * Returns a successful result.
   *
   * @param content the result text handed back to the model
   * @return a successful result
   */
  public static ToolResult of(String content) {
    return new ToolResult(content, false);
  }

  /**
   * Returns an error result.
   *
   * @param content the error text handed back to the model
   * @return an error result
   */
  public static ToolResult error(String content) {
    return new ToolResult(content, true);
  }
}
