package dev.agentguard.bench;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.session.SessionPolicy;
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
 * The cost of session state on the allow path: the typical policy's {@code read_file} of a workspace file in one
 * conversation, through {@code AgentGuard.wrap}, without a {@code session} section ({@code absent}), with one whose
 * results are not scanned ({@code noResults}: lookups and label updates only), and with the default
 * {@code results: label} ({@code labelResults}: every result also scanned for secrets). The {@code present}
 * sections keep a call budget (large enough never to run out) so the budget counters are on the path too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SessionBenchmark {

  @Param({"absent", "noResults", "labelResults"})
  public String session;

  private Path tree;
  private AgentGuard guard;
  private ToolExecutor guarded;
  private ToolCall call;

  @Setup
  public void setup() {
    tree = Fixtures.createTree();
    Policy.Builder policy = Policies.typical().toBuilder();
    if (!session.equals("absent")) {
      policy.session(SessionPolicy.builder()
          .trusted("docs.example.com")
          .budgets(new SessionPolicy.Budgets(Integer.MAX_VALUE, 0, 0, 0))
          .results(session.equals("labelResults") ? SessionPolicy.Results.LABEL : SessionPolicy.Results.OFF)
          .build());
    }
    guard = Fixtures.guard(policy.build(), tree);
    ToolResult result = ToolResult.of("class App {}");
    guarded = guard.wrap(c -> result);
    call = new ToolCall("c1", "read_file", "{\"path\":\"" + Fixtures.FILE + "\"}",
        CallContext.builder().conversationId("conversation-1").build());
  }

  @TearDown
  public void tearDown() {
    Fixtures.delete(tree);
  }

  @Benchmark
  public ToolResult wrapped() throws Exception {
    return guarded.execute(call);
  }

  @Benchmark
  public Evaluation evaluateInSession() {
    return guard.evaluateInSession(call);
  }
}
