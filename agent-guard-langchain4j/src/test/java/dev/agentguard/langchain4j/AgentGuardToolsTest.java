package dev.agentguard.langchain4j;

import static dev.agentguard.langchain4j.ScriptedChatModel.calls;
import static dev.agentguard.langchain4j.ScriptedChatModel.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import dev.langchain4j.agent.tool.ReturnBehavior;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrapping maps, providers (the MCP path) and single executors; the refusal text. */
class AgentGuardToolsTest {

  interface Assistant {
    String chat(String message);
  }

  @TempDir
  Path workspace;

  private final TestTools.Recorder recorder = new TestTools.Recorder();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private static ToolSpecification sqlSpec() {
    return ToolSpecification.builder().name("sql").description("Runs SQL")
        .parameters(JsonObjectSchema.builder().addStringProperty("query").build()).build();
  }

  private ToolExecutor sqlExecutor() {
    return (request, memoryId) -> {
      ran.add(request.arguments());
      return "ok";
    };
  }

  /** A stand-in for an MCP tool provider: a remote tool behind a plain ToolExecutor. */
  private final class StubProvider implements ToolProvider {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ToolProviderResult provideTools(dev.langchain4j.service.tool.ToolProviderRequest request) {
      calls.incrementAndGet();
      return ToolProviderResult.builder()
          .add(sqlSpec(), sqlExecutor())
          .add(AiServiceTool.builder()
              .toolSpecification(ToolSpecification.builder().name("done").description("finish").build())
              .toolExecutor((r, m) -> "done!")
              .returnBehavior(ReturnBehavior.IMMEDIATE)
              .build())
          .build();
    }
  }

  @Test
  void wrappedProviderGuardsEveryProvidedToolAndKeepsReturnBehaviour() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    StubProvider stub = new StubProvider();
    ToolProvider guarded = AgentGuardTools.wrap(guard, stub);

    ToolProviderResult result = guarded.provideTools(null);
    assertThat(result.aiServiceTools()).hasSize(2);
    assertThat(result.aiServiceTools()).allSatisfy(t ->
        assertThat(t.toolExecutor()).isInstanceOf(GuardedToolExecutor.class));
    assertThat(result.aiServiceTools()).filteredOn(t -> t.name().equals("done")).singleElement()
        .satisfies(t -> assertThat(t.returnBehavior()).isEqualTo(ReturnBehavior.IMMEDIATE));

    ScriptedChatModel model = new ScriptedChatModel(
        calls(null, request("m1", "sql", "{\"query\":\"DROP TABLE x\"}")),
        calls(null, request("m2", "sql", "{\"query\":\"select 2\"}")));
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
        .toolProvider(AgentGuardTools.wrap(guard, stub)).build();
    String answer = assistant.chat("go");

    assertThat(ran).containsExactly("{\"query\":\"select 2\"}");
    assertThat(answer).contains("refused by agent-guard (rule no-db-drop)").contains("ok");
  }

  @Test
  void wrappedMapAndToolWrapperGuardExecutors() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    Map<ToolSpecification, ToolExecutor> map = AgentGuardTools.wrap(guard, Map.of(sqlSpec(), sqlExecutor()));
    ToolExecutor executor = map.get(sqlSpec());
    assertThat(executor).isInstanceOf(GuardedToolExecutor.class);

    ToolExecutor viaWrapper = AgentGuardTools.toolWrapper(guard).apply(sqlExecutor());
    ToolExecutionResult refused = viaWrapper.executeWithContext(
        request("x", "sql", "{\"query\":\"drop table t\"}"), null);
    assertThat(refused.isError()).isTrue();
    assertThat(refused.resultText()).startsWith("Tool call refused by agent-guard (rule no-db-drop)");
    assertThat(executor.execute(request("y", "sql", "{\"query\":\"select 3\"}"), "mem-1")).isEqualTo("ok");
    assertThat(ran).containsExactly("{\"query\":\"select 3\"}");
    assertThat(recorder.started()).hasSize(2);
    assertThat(recorder.started().get(1).context().conversationId()).contains("mem-1");
  }

  @Test
  void executeWithoutContextStillChecksAndReturnsTheRefusalText() {
    GuardedToolExecutor executor = GuardedToolExecutor.of(TestTools.guard(workspace, recorder), sqlExecutor());
    String text = executor.execute(request("z", "sql", "{\"query\":\"DROP TABLE t\"}"), null);
    assertThat(text).startsWith("Tool call refused by agent-guard (rule no-db-drop)");
    assertThat(ran).isEmpty();
  }

  @Test
  void missingIdNameOrArgumentsBecomeAWellFormedCall() {
    GuardedToolExecutor executor = GuardedToolExecutor.of(TestTools.guard(workspace, recorder), sqlExecutor());
    ToolCall call = executor.toCall(ToolExecutionRequest.builder().name("sql").build(), null);
    assertThat(call.id()).startsWith("lc4j-");
    assertThat(call.argumentsJson()).isEqualTo("{}");
    ToolCall blankId = executor.toCall(ToolExecutionRequest.builder().id(" ").arguments(" ").build(),
        InvocationContext.builder().chatMemoryId("m").interfaceName("com.acme.Outer$Helper").build());
    assertThat(blankId.id()).startsWith("lc4j-");
    assertThat(blankId.toolName()).isEmpty();
    assertThat(blankId.context().agentName()).contains("Helper");
  }

  @Test
  void malformedArgumentsAreRefusedNotCrashed() {
    GuardedToolExecutor executor = GuardedToolExecutor.of(TestTools.guard(workspace, recorder), sqlExecutor());
    ToolExecutionResult result = executor.executeWithContext(request("b", "sql", "{\"query\": "), null);
    assertThat(result.isError()).isTrue();
    assertThat(result.resultText()).startsWith("Tool call refused by agent-guard (rule ");
    assertThat(ran).isEmpty();
  }

  @Test
  void refusalTextIsOneLineRedactedAndBounded() {
    String secret = "AKIAIOSFODNN7EXAMPLE";
    String text = GuardedToolExecutor.refusalText(Decision.deny("tools", "r1",
        "token " + secret + " is\nnot allowed."));
    assertThat(text).doesNotContain(secret).doesNotContain("\n")
        .startsWith("Tool call refused by agent-guard (rule r1): ");
    String huge = GuardedToolExecutor.refusalText(Decision.deny("tools", "r2", "x".repeat(100_000)));
    assertThat(huge).hasSizeLessThan(2_200).contains("[truncated]");
  }

  @Test
  void delegateFailuresPropagateUnchanged() {
    ToolExecutor failing = (request, memoryId) -> {
      throw new IllegalArgumentException("bad tool input");
    };
    GuardedToolExecutor executor = GuardedToolExecutor.of(TestTools.guard(workspace, recorder), failing);
    assertThatThrownBy(() -> executor.executeWithContext(request("f", "sql", "{\"query\":\"select 1\"}"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bad tool input");
  }

  @Test
  void argumentsRewrittenBeforeTheChecksAreWhatTheToolRuns() {
    AgentGuard guard = AgentGuard.builder()
        .policy(TestTools.policy())
        .environment(dev.agentguard.core.check.GuardEnvironment.ofWorkspace(workspace))
        .interceptor(chain -> chain.proceed(chain.call().withArguments("{\"query\":\"select 42\"}")))
        .build();
    String text = GuardedToolExecutor.of(guard, sqlExecutor())
        .execute(request("w", "sql", "{\"query\":\"select 1\"}"), "m");
    assertThat(text).isEqualTo("ok");
    assertThat(ran).containsExactly("{\"query\":\"select 42\"}");
  }

  @Test
  void annotatedToolsRunThroughTheContextFreePathToo() throws Exception {
    java.nio.file.Files.writeString(workspace.resolve("n.txt"), "x");
    TestTools tools = new TestTools();
    List<AiServiceTool> wrapped = AgentGuardTools.wrap(TestTools.guard(workspace, recorder), tools);
    ToolExecutor read = wrapped.stream().filter(t -> t.name().equals("read_note")).findFirst().orElseThrow()
        .toolExecutor();
    assertThat(read.execute(request("r1", "read_note", "{\"path\":\"n.txt\"}"), null))
        .isEqualTo("contents of n.txt");
    assertThat(read.execute(request("r2", "read_note", "{\"path\":\"/etc/shadow\"}"), null))
        .startsWith("Tool call refused by agent-guard");
    assertThat(tools.ran).containsExactly("read_note n.txt");
  }

  @Test
  void refusedApprovalIsARefusalTooAndGrantedApprovalRunsTheTool() {
    dev.agentguard.core.policy.Policy policy = TestTools.policy().toBuilder()
        .rule(dev.agentguard.core.policy.ToolRule.of("deploys-need-signoff", "deploy",
            dev.agentguard.api.Verdict.ASK, "production deploys need sign-off"))
        .build();
    ToolExecutor deploy = (request, memoryId) -> {
      ran.add("deploy");
      return "deployed";
    };
    AgentGuard refusing = AgentGuard.builder().policy(policy)
        .environment(dev.agentguard.core.check.GuardEnvironment.ofWorkspace(workspace))
        .approver(dev.agentguard.core.approval.Approvers.alwaysDeny()).build();
    ToolExecutionResult refused = GuardedToolExecutor.of(refusing, deploy)
        .executeWithContext(request("d1", "deploy", "{}"), null);
    assertThat(refused.isError()).isTrue();
    assertThat(refused.resultText()).startsWith("Tool call refused by agent-guard (rule ");
    assertThat(ran).isEmpty();

    AgentGuard approving = AgentGuard.builder().policy(policy)
        .environment(dev.agentguard.core.check.GuardEnvironment.ofWorkspace(workspace))
        .approver(dev.agentguard.core.approval.Approvers.alwaysApprove("alice")).build();
    ToolExecutionResult ok = GuardedToolExecutor.of(approving, deploy)
        .executeWithContext(request("d2", "deploy", "{}"), null);
    assertThat(ok.isError()).isFalse();
    assertThat(ok.resultText()).isEqualTo("deployed");
  }

  @Test
  void nullsAreRejectedWithNamedArguments() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    assertThatThrownBy(() -> AgentGuardTools.wrap(guard, (Object) null))
        .hasMessageContaining("toolObjects[0]");
    assertThatThrownBy(() -> GuardedToolExecutor.of(null, sqlExecutor())).hasMessageContaining("guard");
    assertThatThrownBy(() -> AgentGuardTools.wrap(guard, (ToolProvider) null)).hasMessageContaining("provider");
  }
}
