package dev.agentguard.bench;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.otel.OpenTelemetryGuardListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The whole guard on an allowed call: {@code read_file} of a file in a real temporary workspace (or in a
 * workspace that does not exist: see {@link Guarded#workspace}), typical policy, through
 * {@code AgentGuard.wrap}. Telemetry: none ({@code absent}), the OpenTelemetry API with
 * {@code OpenTelemetry.noop()} ({@code apiNoop}), and the SDK recording every span through a
 * {@code SimpleSpanProcessor} to an {@code InMemorySpanExporter} ({@code sdk}; the exporter is cleared every
 * 1,024 calls so memory stays flat). The baseline is the tool called directly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardBenchmark {

  /** The allowed call. */
  public static final ToolCall CALL = ToolCall.of("read_file", "{\"path\":\"" + Fixtures.FILE + "\"}");

  /** The tool: returns a prebuilt result. */
  @State(Scope.Benchmark)
  public static class Tool {
    public final ToolResult result = ToolResult.of("class App {}");
    public ToolExecutor executor;

    @Setup
    public void setup() {
      ToolResult r = result;
      executor = c -> r;
    }
  }

  /** The guarded tool with one kind of telemetry. */
  @State(Scope.Benchmark)
  public static class Guarded {
    @Param({"absent", "apiNoop", "sdk"})
    public String telemetry;

    /**
     * {@code real}: the workspace is a real temporary tree (every path segment is looked up on disk);
     * {@code absent}: a workspace that does not exist, the nearest the check comes to lexical-only.
     */
    @Param({"real", "absent"})
    public String workspace;

    public Path tree;
    public AgentGuard guard;
    public ToolExecutor guarded;
    public InMemorySpanExporter exporter;
    public SdkTracerProvider tracerProvider;
    private int calls;

    @Setup
    public void setup(Tool tool) {
      tool.setup();
      tree = Fixtures.createTree();
      Path ws = FileSystemBenchmark.ABSENT_WORKSPACE;
      AgentGuard.Builder b = AgentGuard.builder()
          .policy(Policies.typical())
          .environment(workspace.equals("real") ? Fixtures.environment(tree)
              : new GuardEnvironment(ws, ws.getParent(), ws.getParent()))
          .hostResolver(Fixtures.publicResolver());
      switch (telemetry) {
        case "absent":
          break;
        case "apiNoop":
          b.listener(OpenTelemetryGuardListener.create(OpenTelemetry.noop()));
          break;
        case "sdk":
          exporter = InMemorySpanExporter.create();
          tracerProvider = SdkTracerProvider.builder()
              .addSpanProcessor(SimpleSpanProcessor.create(exporter))
              .build();
          b.listener(OpenTelemetryGuardListener.create(
              OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build()));
          break;
        default:
          throw new IllegalArgumentException(telemetry);
      }
      guard = b.build();
      guarded = guard.wrap(tool.executor);
    }

    /** Keeps the in-memory exporter small; a no-op without the SDK. */
    public void drain() {
      if (exporter != null && (++calls & 1023) == 0) {
        exporter.reset();
      }
    }

    @TearDown
    public void tearDown() {
      if (tracerProvider != null) {
        tracerProvider.close();
      }
      Fixtures.delete(tree);
    }
  }

  @Benchmark
  public ToolResult baselineDirectExecutor(Tool tool) throws Exception {
    return tool.executor.execute(CALL);
  }

  @Benchmark
  public ToolResult wrapped(Guarded g) throws Exception {
    ToolResult r = g.guarded.execute(CALL);
    g.drain();
    return r;
  }

  /**
   * {@link #wrapped} from two threads sharing one guard. JMH reports the time per call per thread: two threads
   * scale perfectly when it equals {@code wrapped}'s, so the throughput ratio is {@code 2 * wrapped / this}.
   */
  @Benchmark
  @Threads(2)
  public ToolResult wrappedTwoThreads(Guarded g) throws Exception {
    return g.guarded.execute(CALL);
  }

  @Benchmark
  public Evaluation evaluateOnly(Guarded g) {
    return g.guard.evaluate(CALL);
  }
}
