package dev.agentguard.springai;

import dev.agentguard.core.AgentGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/** Guards whole sets of Spring AI tools: lists, arrays and {@link ToolCallbackProvider}s. */
public final class GuardedToolCallbacks {

  private GuardedToolCallbacks() {}

  /**
   * Each of {@code callbacks} guarded by {@code guard}, in order.
   *
   * @param guard the guard that judges every call
   * @param callbacks the callbacks to guard
   * @return the guarded callbacks, unmodifiable
   */
  public static List<ToolCallback> wrap(AgentGuard guard, List<? extends ToolCallback> callbacks) {
    Objects.requireNonNull(callbacks, "callbacks must not be null");
    List<ToolCallback> out = new ArrayList<>(callbacks.size());
    for (ToolCallback c : callbacks) {
      out.add(GuardedToolCallback.of(guard, c));
    }
    return List.copyOf(out);
  }

  /**
   * Each of {@code callbacks} guarded by {@code guard}, in order.
   *
   * @param guard the guard that judges every call
   * @param callbacks the callbacks to guard
   * @return a new array of the guarded callbacks
   */
  public static ToolCallback[] wrap(AgentGuard guard, ToolCallback... callbacks) {
    return wrap(guard, List.of(callbacks)).toArray(new ToolCallback[0]);
  }

  /**
   * A provider whose callbacks are {@code provider}'s, guarded by {@code guard} (looked up on every call).
   *
   * @param guard the guard that judges every call
   * @param provider the provider whose callbacks to guard
   * @return the guarding provider
   */
  public static ToolCallbackProvider wrap(AgentGuard guard, ToolCallbackProvider provider) {
    Objects.requireNonNull(guard, "guard must not be null");
    Objects.requireNonNull(provider, "provider must not be null");
    if (provider instanceof GuardedProvider) {
      return provider;
    }
    return new GuardedProvider(guard, provider);
  }

  private static final class GuardedProvider implements ToolCallbackProvider {
    private final AgentGuard guard;
    private final ToolCallbackProvider delegate;

    GuardedProvider(AgentGuard guard, ToolCallbackProvider delegate) {
      this.guard = guard;
      this.delegate = delegate;
    }

    @Override
    public ToolCallback[] getToolCallbacks() {
      return wrap(guard, delegate.getToolCallbacks());
    }

    @Override
    public String toString() {
      return "GuardedToolCallbackProvider{" + delegate + "}";
    }
  }
}
