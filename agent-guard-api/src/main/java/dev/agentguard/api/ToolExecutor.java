package dev.agentguard.api;

/** Runs a tool call. The thing the guard wraps. */
@FunctionalInterface
public interface ToolExecutor {

  /**
   * Runs {@code call} and returns its result, never {@code null}.
   *
   * @param call the call to run
   * @return what the tool returned
   * @throws ToolCallDeniedException if a guard refused the call
   * @throws Exception if the tool failed
   */
  ToolResult execute(ToolCall call) throws Exception;
}
