package dev.agentguard.api;

import java.util.UUID;

/**
 * A tool call an agent wants to make: the call id, the tool's name, the arguments as the raw JSON text the
 * framework handed over, and the {@link CallContext}. Immutable; two calls are equal when every component is.
 *
 * @param id the call id (the model's tool-call id where it has one)
 * @param toolName the tool's name
 * @param argumentsJson the arguments, as JSON text (normally an object)
 * @param context who made the call and why
 */
public record ToolCall(String id, String toolName, String argumentsJson, CallContext context) {

  /**
   * Validates the components.
   *
   * @param id the call id (the model's tool-call id where it has one)
   * @param toolName the tool's name
   * @param argumentsJson the arguments, as JSON text (normally an object)
   * @param context who made the call and why
   */
  public ToolCall {
    Checks.notBlank(id, "id");
    Checks.notNull(toolName, "toolName");
    Checks.notNull(argumentsJson, "argumentsJson");
    Checks.notNull(context, "context");
  }

  /**
   * Returns a call with a random id and an empty context.
   *
   * @param toolName the tool's name
   * @param argumentsJson the arguments as JSON text
   * @return a call with a random id and an empty context
   */
  public static ToolCall of(String toolName, String argumentsJson) {
    return new ToolCall(UUID.randomUUID().toString(), toolName, argumentsJson, CallContext.empty());
  }

  /**
   * Returns a call with a random id.
   *
   * @param toolName the tool's name
   * @param argumentsJson the arguments as JSON text
   * @param context who made the call and why
   * @return a call with a random id
   */
  public static ToolCall of(String toolName, String argumentsJson, CallContext context) {
    return new ToolCall(UUID.randomUUID().toString(), toolName, argumentsJson, context);
  }

  /**
   * Returns a copy of this call with other arguments.
   *
   * @param argumentsJson the new arguments as JSON text; the id, tool name and context stay
   * @return a copy of this call with other arguments
   */
  public ToolCall withArguments(String argumentsJson) {
    return new ToolCall(id, toolName, argumentsJson, context);
  }

  /**
   * Returns a copy of this call with another context.
   *
   * @param context the new context; the id, tool name and arguments stay
   * @return a copy of this call with another context
   */
  public ToolCall withContext(CallContext context) {
    return new ToolCall(id, toolName, argumentsJson, context);
  }

  @Override
  public String toString() {
    return "ToolCall{id=" + id + ", tool=" + toolName + ", arguments=" + argumentsJson.length() + " chars}";
  }
}
