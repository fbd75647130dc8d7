package dev.agentguard.bench;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The interceptor chain: a direct executor call (the baseline) and the same call through a guard with 0, 1, 4
 * or 16 extra pass-through interceptors. The guard's own work (a tool rule that allows the call) is the same in
 * every row, so the difference between rows is the chain's cost per interceptor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainBenchmark {

  /** The tool: returns a prebuilt result. */
  @State(Scope.Benchmark)
  public static class Tool {
    public final ToolResult result = ToolResult.of("ok");
    public final ToolCall call = ToolCall.of("noop", "{}");
    public ToolExecutor executor;

    @Setup
    public void setup() {
      ToolResult r = result;
      executor = c -> r;
    }
  }

  /** A guard with {@code interceptors} pass-throughs in front of the tool. */
  @State(Scope.Benchmark)
  public static class Chain {
    @Param({"0", "1", "4", "16"})
    public int interceptors;

    public ToolExecutor guarded;

    @Setup
    public void setup(Tool tool) {
      tool.setup();
      AgentGuard.Builder builder = AgentGuard.builder()
          .policy(Policy.builder().rule(ToolRule.of("noop", "noop", Verdict.ALLOW, "benchmark")).build());
      for (int i = 0; i < interceptors; i++) {
        builder.interceptor(c -> c.proceed(c.call()));
      }
      guarded = builder.build().wrap(tool.executor);
    }
  }

  @Benchmark
  public ToolResult baselineDirectExecutor(Tool tool) throws Exception {
    return tool.executor.execute(tool.call);
  }

  @Benchmark
  public ToolResult chain(Tool tool, Chain chain) throws Exception {
    return chain.guarded.execute(tool.call);
  }
}
