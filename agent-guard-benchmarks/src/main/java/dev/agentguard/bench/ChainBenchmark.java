package dev.agentguard.bench;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.ArrayList;
import java.util.List;
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
 * The interceptor chain: a direct executor call (the baseline) and the same call through a guard with N
 * pass-through interceptors and a policy of one tool rule (so the enforcement step's own checks are trivial).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainBenchmark {

  /** The tool: returns a prebuilt result. */
  @State(Scope.Benchmark)
  public static class Tool {
    public final ToolResult result = ToolResult.of("ok");
    public final ToolCall call = ToolCall.of("read_file", "{\"path\":\"" + Fixtures.FILE + "\"}");
    public ToolExecutor executor;

    @Setup
    public void setup() {
      ToolResult r = result;
      executor = c -> r;
    }
  }

  /** A chain of {@code interceptors} pass-throughs ending in the tool. */
  @State(Scope.Benchmark)
  public static class Chain {
    @Param({"1", "4", "16"})
    public int interceptors;

    public ToolExecutor guarded;

    @Setup
    public void setup(Tool tool) {
      tool.setup();
      List<ToolInterceptor> list = new ArrayList<>();
      for (int i = 0; i < interceptors; i++) {
        list.add(c -> c.proceed(c.call()));
      }
      AgentGuard.Builder b = AgentGuard.builder()
          .policy(Policy.builder().rule(ToolRule.of("ok", "read_file", Verdict.ALLOW, "benchmark")).build());
      list.forEach(b::interceptor);
      guarded = b.build().wrap(tool.executor);
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
