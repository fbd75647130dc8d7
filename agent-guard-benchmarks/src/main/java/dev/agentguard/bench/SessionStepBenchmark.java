package dev.agentguard.bench;

import dev.agentguard.api.Access;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.internal.session.SessionGuard;
import dev.agentguard.core.session.SessionLimits;
import dev.agentguard.core.session.SessionPolicy;
import dev.agentguard.core.telemetry.Redactor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The session step alone, on the allow path: what a guard with a {@code session} section adds to a call the
 * checks allowed (the session lookup, its rules, the label and budget updates, the state attached to the
 * evaluation), beside {@code baseline}, the same evaluation passed through untouched (what a guard without the
 * section does). {@code result*} adds the result hook: a clean result scanned for secrets. The rest of the guard
 * costs the same with or without the section, so {@code admit - baseline} is the section's cost per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SessionStepBenchmark {

  private Evaluation base;
  private List<FileSystemCheck.ResolvedFile> files;
  private SessionGuard labelOnly;
  private SessionGuard withBudgets;
  private ToolResult result;

  @Setup
  public void setup() {
    ToolCall call = new ToolCall("c1", "read_file", "{\"path\":\"" + Fixtures.FILE + "\"}",
        CallContext.builder().conversationId("conversation-1").build());
    Resource.FileAccess read = new Resource.FileAccess(Fixtures.FILE, Access.READ);
    base = Evaluation.of(call, List.of(read), List.of(Decision.allow("filesystem", "filesystem.root",
        "'/ws/" + Fixtures.FILE + "' is inside root /ws")), true);
    files = List.of(new FileSystemCheck.ResolvedFile(read, Verdict.ALLOW, false, true));
    labelOnly = new SessionGuard(SessionPolicy.builder().trusted("docs.example.com").build(),
        Redactor.defaults(), Clock.systemUTC(), SessionLimits.DEFAULTS);
    withBudgets = new SessionGuard(SessionPolicy.builder().trusted("docs.example.com")
        .budgets(new SessionPolicy.Budgets(Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE))
        .build(), Redactor.defaults(), Clock.systemUTC(), SessionLimits.DEFAULTS);
    result = ToolResult.of("class App {}");
  }

  @Benchmark
  public Evaluation baseline() {
    return base;
  }

  @Benchmark
  public Evaluation admit() {
    return labelOnly.admit(base, files, List.of());
  }

  @Benchmark
  public Evaluation admitWithBudgets() {
    return withBudgets.admit(base, files, List.of());
  }

  @Benchmark
  public ToolResult resultScan() {
    return labelOnly.onResult(base.call(), result);
  }
}
