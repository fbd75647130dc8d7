package dev.agentguard.core.internal;

import dev.agentguard.api.GuardContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chain as one interceptor sees it: an immutable list, an index and the call; past the last interceptor
 * comes the enforcement step. Enforces the contract: {@code proceed} exactly once, never a {@code null} result,
 * and nothing once the {@code execute} it belongs to has returned.
 */
final class RealChain implements ToolInterceptor.Chain {

  /** What runs after the last interceptor. */
  @FunctionalInterface
  interface Terminal {
    ToolResult run(ToolCall call) throws Exception;
  }

  private final List<ToolInterceptor> interceptors;
  private final Terminal terminal;
  private final int index;
  private final ToolCall call;
  private final CallRun run;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean returned;

  RealChain(List<ToolInterceptor> interceptors, Terminal terminal, int index, ToolCall call, CallRun run) {
    this.interceptors = interceptors;
    this.terminal = terminal;
    this.index = index;
    this.call = call;
    this.run = run;
  }

  @Override
  public ToolCall call() {
    return call;
  }

  @Override
  public GuardContext context() {
    return run.view;
  }

  @Override
  public ToolResult proceed(ToolCall next) throws Exception {
    Objects.requireNonNull(next, "call must not be null");
    if (run.isOver()) {
      throw new IllegalStateException("this chain is dead: the execute() it belongs to has returned; nothing runs");
    }
    if (index > 0 && calls.incrementAndGet() > 1) {
      throw new IllegalStateException(
          "interceptor " + name(interceptors.get(index - 1)) + " must call proceed() exactly once");
    }
    try {
      if (index == interceptors.size()) {
        return terminal.run(next);
      }
      RealChain nextChain = new RealChain(interceptors, terminal, index + 1, next, run);
      ToolInterceptor interceptor = interceptors.get(index);
      ToolResult result = interceptor.intercept(nextChain);
      if (result == null) {
        throw new IllegalStateException("interceptor " + name(interceptor) + " returned null");
      }
      if (nextChain.calls.get() != 1 || !nextChain.returned) {
        throw new IllegalStateException(
            "interceptor " + name(interceptor) + " must call proceed() exactly once");
      }
      return result;
    } finally {
      returned = true;
    }
  }

  static String name(ToolInterceptor interceptor) {
    Class<?> c = interceptor.getClass();
    return c.isSynthetic() || c.isAnonymousClass() ? c.getName() : c.getSimpleName();
  }
}
