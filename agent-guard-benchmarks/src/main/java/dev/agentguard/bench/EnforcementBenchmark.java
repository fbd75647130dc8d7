package dev.agentguard.bench;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import java.nio.file.Path;
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

/**
 * The enforcement step on the allow path, beside what it is made of, in the same run: {@code enforced} is
 * {@code guard.wrap(tool).execute(call)} with no interceptor and no listener (start, the checks, the decision,
 * the tool, the terminal event); {@code checksOnly} is {@code guard.evaluate(call)}, the checks alone; the
 * baseline is the tool called directly. The step's own cost is {@code enforced - checksOnly}. Two calls: a
 * {@code read_file} of a file in a real temporary workspace, and a {@code shell} call running {@code git status}
 * (allowed by the typical policy).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class EnforcementBenchmark {

  /** The allowed file read. */
  public static final ToolCall READ = ToolCall.of("read_file", "{\"path\":\"" + Fixtures.FILE + "\"}");
  /** The allowed command. */
  public static final ToolCall SHELL = ToolCall.of("shell", "{\"command\":\"git status\"}");

  /** Which call is measured: {@code read_file} or {@code shell}. */
  @Param({"read_file", "shell"})
  public String call;

  /** The workspace tree. */
  public Path tree;
  /** The guard (typical policy, real workspace, no listener). */
  public AgentGuard guard;
  /** The tool: returns a prebuilt result. */
  public ToolExecutor tool;
  /** The tool wrapped by the guard. */
  public ToolExecutor guarded;
  /** The measured call. */
  public ToolCall measured;

  /** Builds the guard over a fresh temporary workspace. */
  @Setup
  public void setup() {
    tree = Fixtures.createTree();
    guard = Fixtures.guard(Policies.typical(), tree);
    ToolResult result = ToolResult.of("ok");
    tool = c -> result;
    guarded = guard.wrap(tool);
    measured = call.equals("shell") ? SHELL : READ;
  }

  /** Closes the guard and deletes the workspace. */
  @TearDown
  public void tearDown() {
    guard.close();
    Fixtures.delete(tree);
  }

  /**
   * The tool called directly.
   *
   * @return the tool's result
   * @throws Exception never
   */
  @Benchmark
  public ToolResult baselineDirectExecutor() throws Exception {
    return tool.execute(measured);
  }

  /**
   * The checks alone: what {@code explain} and {@code check} run.
   *
   * @return the evaluation
   */
  @Benchmark
  public Evaluation checksOnly() {
    return guard.evaluate(measured);
  }

  /**
   * The whole enforcement step around the tool.
   *
   * @return the tool's result
   * @throws Exception never on the allow path
   */
  @Benchmark
  public ToolResult enforced() throws Exception {
    return guarded.execute(measured);
  }
}
