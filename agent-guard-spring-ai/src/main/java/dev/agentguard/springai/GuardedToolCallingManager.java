package dev.agentguard.springai;

import dev.agentguard.core.AgentGuard;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * A {@link ToolCallingManager} that guards the tools a prompt carries ({@code ChatClient.prompt().tools(...)},
 * {@code ToolCallingChatOptions.toolCallbacks}) before the decorated manager executes the model's tool calls.
 * Tools the decorated manager resolves by name come from its resolver: guard those where they are registered (the
 * auto-configuration guards every {@code ToolCallback} and {@code ToolCallbackProvider} bean).
 */
public final class GuardedToolCallingManager implements ToolCallingManager {

  private final AgentGuard guard;
  private final ToolCallingManager delegate;

  /**
   * Guards the tool calls {@code delegate} executes with {@code guard}.
   *
   * @param guard the guard that judges every call
   * @param delegate the manager that runs the calls the guard allows
   */
  public GuardedToolCallingManager(AgentGuard guard, ToolCallingManager delegate) {
    this.guard = Objects.requireNonNull(guard, "guard must not be null");
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
  }

  /**
   * The manager this one decorates.
   *
   * @return the decorated manager
   */
  public ToolCallingManager delegate() {
    return delegate;
  }

  @Override
  public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
    return delegate.resolveToolDefinitions(chatOptions);
  }

  @Override
  public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
    return delegate.executeToolCalls(guarded(prompt), chatResponse);
  }

  private Prompt guarded(Prompt prompt) {
    ChatOptions options = prompt.getOptions();
    if (!(options instanceof ToolCallingChatOptions)) {
      return prompt;
    }
    ToolCallingChatOptions toolOptions = (ToolCallingChatOptions) options;
    List<ToolCallback> callbacks = toolOptions.getToolCallbacks();
    if (callbacks == null || callbacks.isEmpty() || callbacks.stream().allMatch(GuardedToolCallback.class::isInstance)) {
      return prompt;
    }
    ChatOptions copy = toolOptions.mutate().toolCallbacks(GuardedToolCallbacks.wrap(guard, callbacks)).build();
    return new Prompt(prompt.getInstructions(), copy);
  }

  @Override
  public String toString() {
    return "GuardedToolCallingManager{" + delegate + "}";
  }
}
