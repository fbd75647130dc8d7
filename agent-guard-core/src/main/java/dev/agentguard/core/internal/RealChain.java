package dev.agentguard.core.internal;

import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import java.util.List;
import java.util.Objects;

/**
 * The chain as one interceptor sees it: an immutable list, an index and the call. Enforces the contract:
 * {@code proceed} exactly once, never a {@code null} result.
 */
public final class RealChain implements ToolInterceptor.Chain {

  private final List<ToolInterceptor> interceptors;
  private final int index;
  private final ToolCall call;
  private final GuardContext context;
  private int calls;

  /** Creates the chain at {@code index}. {@code interceptors} must end with a terminal interceptor. */
  public RealChain(List<ToolInterceptor> interceptors, int index, ToolCall call, GuardContext context) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.context = context;
  }

  @Override
  public ToolCall call() {
    return call;
  }

  @Override
  public GuardContext context() {
    return context;
  }

  @Override
  public ToolResult proceed(ToolCall next) throws Exception {
    Objects.requireNonNull(next, "call must not be null");
    if (index >= interceptors.size()) {
      throw new IllegalStateException("proceed() called past the end of the chain");
    }
    if (index > 0) {
      calls++;
      if (calls > 1) {
        throw new IllegalStateException(
            "interceptor " + name(interceptors.get(index - 1)) + " must call proceed() exactly once");
      }
    }
    RealChain nextChain = new RealChain(interceptors, index + 1, next, context);
    ToolInterceptor interceptor = interceptors.get(index);
    ToolResult result = interceptor.intercept(nextChain);
    if (result == null) {
      throw new IllegalStateException("interceptor " + name(interceptor) + " returned null");
    }
    if (index + 1 < interceptors.size() && nextChain.calls != 1) {
      throw new IllegalStateException(
          "interceptor " + name(interceptor) + " must call proceed() exactly once");
    }
    return result;
  }

  static String name(ToolInterceptor interceptor) {
    Class<?> c = interceptor.getClass();
    return c.isSynthetic() || c.isAnonymousClass() ? c.getName() : c.getSimpleName();
  }
}
