package dev.agentguard.api;

/**
 * Observes, rewrites or refuses a tool call on its way to the tool, in the shape of OkHttp's interceptors.
 * Interceptors added to a guard run before its checks, so a rewritten call is the call that gets checked.
 */
@FunctionalInterface
public interface ToolInterceptor {

  /**
   * Handles the call in {@code chain}: calls {@link Chain#proceed} exactly once and returns its result (or a
   * result derived from it), or throws to refuse. Must not return {@code null}.
   *
   * @param chain the call as it reached this interceptor, and the way on to the next one
   * @return the result to hand back towards the caller; never {@code null}
   * @throws Exception to refuse the call, or what the rest of the chain threw
   */
  ToolResult intercept(Chain chain) throws Exception;

  /** The rest of the chain, from one interceptor's point of view. */
  interface Chain {

    /**
     * The call as it reached this interceptor.
     *
     * @return the call as it reached this interceptor
     */
    ToolCall call();

    /**
     * The per-call state shared along the chain.
     *
     * @return the per-call state shared along the chain
     */
    GuardContext context();

    /**
     * Passes {@code call} to the next interceptor (or to the tool) and returns its result. May be called once
     * per interceptor.
     *
     * @param call the call to pass on, possibly rewritten
     * @return the result of the rest of the chain
     * @throws IllegalStateException if called more than once
     * @throws Exception what the next interceptor or the tool threw
     */
    ToolResult proceed(ToolCall call) throws Exception;
  }
}
