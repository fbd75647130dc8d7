package dev.agentguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.policy.ToolRulesCheck;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the guard's machinery costs around its checks, for a {@code fetch} call (a host name) and a
 * {@code shell} call ({@code git status}), typical policy, real workspace, no telemetry:
 * <ul>
 *   <li>{@code wrapped}: {@code AgentGuard.wrap(executor).execute(call)}, the whole allow path;</li>
 *   <li>{@code checksAlone}: every check the guard runs for that call (filesystem, network, command, tool
 *       rules: the guard's own check objects), each called on a {@link CheckRequest} built once in set-up,
 *       so nothing of the guard's machinery runs;</li>
 *   <li>{@code wrappedTwoThreads}: {@code wrapped} from two threads sharing the guard;</li>
 *   <li>{@code baselineDirectExecutor}: the tool called directly.</li>
 * </ul>
 * The machinery's share is {@code wrapped / checksAlone} (time) and {@code wrapped - checksAlone} (bytes per call
 * with {@code -prof gc}). Two threads scale perfectly when {@code wrappedTwoThreads} equals {@code wrapped} (JMH
 * reports time per call per thread; throughput ratio {@code 2 * wrapped / wrappedTwoThreads}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardOverheadBenchmark {

  /** The allowed {@code fetch} call. */
  public static final ToolCall FETCH =
      ToolCall.of("fetch", "{\"url\":\"" + NetworkBenchmark.NAME_URL + "\"}");

  /** The allowed {@code shell} call. */
  public static final ToolCall SHELL = ToolCall.of("shell", "{\"command\":\"" + CommandBenchmark.SIMPLE + "\"}");

  /** The guard and the call, with the checks' request prepared once. */
  @State(Scope.Benchmark)
  public static class Guarded {
    @Param({"fetch", "shell"})
    public String tool;

    public Path tree;
    public AgentGuard guard;
    public ToolCall call;
    public final ToolResult result = ToolResult.of("ok");
    public ToolExecutor executor;
    public ToolExecutor guarded;
    public CheckRequest request;
    public List<GuardCheck> checks;

    @Setup
    public void setup() throws java.io.IOException {
      tree = Fixtures.createTree();
      guard = Fixtures.guard(Policies.typical(), tree);
      call = tool.equals("fetch") ? FETCH : SHELL;
      ToolResult r = result;
      executor = c -> r;
      guarded = guard.wrap(executor);
      Resource resource = tool.equals("fetch") ? new Resource.NetworkAccess(NetworkBenchmark.NAME_URL)
          : Resource.CommandExec.line(CommandBenchmark.SIMPLE);
      request = new CheckRequest(call, dev.agentguard.core.json.JsonNodeValue.of(new ObjectMapper().readTree(call.argumentsJson())), List.of(resource), true);
      // The guard's built-in checks in its order (no custom checks are configured), then the tool rules.
      checks = List.of(guard.fileSystemCheck(), guard.networkCheck(), guard.commandCheck(),
          ToolRulesCheck.of(guard.policy()));
    }

    @TearDown
    public void tearDown() {
      guard.close();
      Fixtures.delete(tree);
    }
  }

  @Benchmark
  public ToolResult baselineDirectExecutor(Guarded g) throws Exception {
    return g.executor.execute(g.call);
  }

  @Benchmark
  public void checksAlone(Guarded g, Blackhole bh) {
    List<GuardCheck> checks = g.checks;
    for (int i = 0; i < checks.size(); i++) {
      bh.consume(checks.get(i).evaluate(g.request));
    }
  }

  @Benchmark
  public ToolResult wrapped(Guarded g) throws Exception {
    return g.guarded.execute(g.call);
  }

  @Benchmark
  @Threads(2)
  public ToolResult wrappedTwoThreads(Guarded g) throws Exception {
    return g.guarded.execute(g.call);
  }

  /** The decisions {@link #checksAlone} computes, for the set-up test. */
  public static List<Decision> decisions(Guarded g) {
    List<Decision> out = new java.util.ArrayList<>();
    for (GuardCheck c : g.checks) {
      out.addAll(c.evaluate(g.request));
    }
    return out;
  }
}
