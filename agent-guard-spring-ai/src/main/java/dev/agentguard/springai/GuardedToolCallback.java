package dev.agentguard.springai;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A Spring AI {@link ToolCallback} that runs every call through an {@link AgentGuard} before the callback it
 * decorates. An allowed call runs the decorated callback with the same input and tool context and returns its
 * result unchanged. A refused call never reaches the tool: it throws a {@link ToolExecutionException} caused by a
 * {@link ToolCallRefusedException}, which Spring AI's tool execution exception processor hands to the model as the
 * tool's result (by default) so that the conversation goes on.
 *
 * <p>The call the guard sees: the tool's name, the input as arguments, and from the tool context (when given) the
 * conversation id ({@value #CONVERSATION_ID_KEY} or Spring AI's {@value #CHAT_MEMORY_CONVERSATION_ID_KEY}), the
 * principal ({@value #PRINCIPAL_KEY}), the working directory ({@value #WORKING_DIRECTORY_KEY}) and the agent's
 * rationale ({@value #RATIONALE_KEY}).
 *
 * <p>Thread-safe when the decorated callback is.
 */
public final class GuardedToolCallback implements ToolCallback {

  /** Tool-context key of the conversation id. */
  public static final String CONVERSATION_ID_KEY = "agent-guard.conversation-id";
  /** Spring AI's chat-memory conversation id key, used when {@link #CONVERSATION_ID_KEY} is absent. */
  public static final String CHAT_MEMORY_CONVERSATION_ID_KEY = "chat_memory_conversation_id";
  /** Tool-context key of the principal (the user on whose behalf the agent acts). */
  public static final String PRINCIPAL_KEY = "agent-guard.principal";
  /** Tool-context key of the call's working directory (must lie inside the workspace). */
  public static final String WORKING_DIRECTORY_KEY = "agent-guard.working-directory";
  /** Tool-context key of the agent's rationale for the call. */
  public static final String RATIONALE_KEY = "agent-guard.rationale";

  private static final int MAX_CONTEXT_VALUE_CHARS = 1_000;

  private final AgentGuard guard;
  private final ToolCallback delegate;

  private GuardedToolCallback(AgentGuard guard, ToolCallback delegate) {
    this.guard = Objects.requireNonNull(guard, "guard must not be null");
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  /**
   * Returns {@code delegate} guarded by {@code guard}; a callback guarded already is returned as it is.
   *
   * @param guard the guard that judges every call
   * @param delegate the callback to guard
   * @return the guarded callback
   */
  public static ToolCallback of(AgentGuard guard, ToolCallback delegate) {
    Objects.requireNonNull(guard, "guard must not be null");
    Objects.requireNonNull(delegate, "delegate must not be null");
    return delegate instanceof GuardedToolCallback ? delegate : new GuardedToolCallback(guard, delegate);
  }

  /**
   * The callback this one guards.
   *
   * @return the guarded callback's delegate
   */
  public ToolCallback delegate() {
    return delegate;
  }

  @Override
  public ToolDefinition getToolDefinition() {
    return delegate.getToolDefinition();
  }

  @Override
  public ToolMetadata getToolMetadata() {
    return delegate.getToolMetadata();
  }

  @Override
  public String call(String toolInput) {
    return call(toolInput, null);
  }

  @Override
  public String call(String toolInput, ToolContext toolContext) {
    ToolDefinition definition = delegate.getToolDefinition();
    ToolCall call = toCall(definition.name(), toolInput, toolContext);
    AtomicReference<String> produced = new AtomicReference<>();
    try {
      guard.wrap(checked -> {
        if (!checked.toolName().equals(call.toolName())) {
          throw new IllegalStateException("an interceptor renamed the tool; refusing to run another tool");
        }
        String result = toolContext == null
            ? delegate.call(checked.argumentsJson())
            : delegate.call(checked.argumentsJson(), toolContext);
        produced.set(result);
        return ToolResult.of(result == null ? "" : result);
      }).execute(call);
    } catch (ToolCallDeniedException e) {
      throw new ToolExecutionException(definition, new ToolCallRefusedException(e.decision()));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ToolExecutionException(definition, e);
    }
    return produced.get();
  }

  /** The agent-guard call for {@code toolInput} to tool {@code name} in {@code toolContext} (may be null). */
  static ToolCall toCall(String name, String toolInput, ToolContext toolContext) {
    String arguments = toolInput == null || toolInput.isBlank() ? "{}" : toolInput;
    return new ToolCall("spring-ai-" + UUID.randomUUID(), name, arguments, contextOf(toolContext));
  }

  private static CallContext contextOf(ToolContext toolContext) {
    if (toolContext == null || toolContext.getContext() == null) {
      return CallContext.empty();
    }
    Map<String, Object> values = toolContext.getContext();
    CallContext.Builder b = CallContext.builder();
    Object conversation = values.containsKey(CONVERSATION_ID_KEY)
        ? values.get(CONVERSATION_ID_KEY) : values.get(CHAT_MEMORY_CONVERSATION_ID_KEY);
    text(conversation).ifPresent(b::conversationId);
    text(values.get(PRINCIPAL_KEY)).ifPresent(b::principal);
    text(values.get(WORKING_DIRECTORY_KEY)).ifPresent(b::workingDirectory);
    text(values.get(RATIONALE_KEY)).ifPresent(b::rationale);
    return b.build();
  }

  private static java.util.Optional<String> text(Object value) {
    if (value == null) {
      return java.util.Optional.empty();
    }
    String s = String.valueOf(value);
    if (s.isBlank()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(s.length() <= MAX_CONTEXT_VALUE_CHARS ? s : s.substring(0, MAX_CONTEXT_VALUE_CHARS));
  }

  @Override
  public String toString() {
    return "GuardedToolCallback{" + delegate + "}";
  }
}
