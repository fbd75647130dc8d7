package dev.agentguard.langchain4j;

import static dev.agentguard.langchain4j.ScriptedChatModel.calls;
import static dev.agentguard.langchain4j.ScriptedChatModel.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.core.AgentGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.McpRoot;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's real {@link McpToolProvider} with {@code toolWrapper(AgentGuardTools.toolWrapper(guard))}, over a
 * stub {@link McpClient} that stands in for a remote MCP server.
 */
class McpToolWrapperTest {

  interface Assistant {
    String chat(String message);
  }

  @TempDir
  Path workspace;

  private final TestTools.Recorder recorder = new TestTools.Recorder();

  /** A remote MCP server with a {@code sql} and a {@code fetch} tool; records what it was asked to run. */
  static final class StubMcpClient implements McpClient {
    final List<String> executed = new CopyOnWriteArrayList<>();

    @Override
    public String key() {
      return "stub-server";
    }

    @Override
    public List<ToolSpecification> listTools() {
      return List.of(
          ToolSpecification.builder().name("sql").description("Runs SQL on the remote database")
              .parameters(JsonObjectSchema.builder().addStringProperty("query").build()).build(),
          ToolSpecification.builder().name("fetch").description("Fetches a URL")
              .parameters(JsonObjectSchema.builder().addStringProperty("url").build()).build());
    }

    @Override
    public List<ToolSpecification> listTools(InvocationContext invocationContext) {
      return listTools();
    }

    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest request) {
      executed.add(request.name() + " " + request.arguments());
      return ToolExecutionResult.builder().resultText("remote " + request.name() + " ok").build();
    }

    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest request, InvocationContext invocationContext) {
      return executeTool(request);
    }

    @Override
    public List<McpResource> listResources() {
      return List.of();
    }

    @Override
    public List<McpResource> listResources(InvocationContext invocationContext) {
      return List.of();
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates() {
      return List.of();
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates(InvocationContext invocationContext) {
      return List.of();
    }

    @Override
    public McpReadResourceResult readResource(String uri) {
      throw new UnsupportedOperationException("no resources");
    }

    @Override
    public McpReadResourceResult readResource(String uri, InvocationContext invocationContext) {
      throw new UnsupportedOperationException("no resources");
    }

    @Override
    public void subscribeToResource(String uri) {}

    @Override
    public void unsubscribeFromResource(String uri) {}

    @Override
    public List<McpPrompt> listPrompts() {
      return List.of();
    }

    @Override
    public McpGetPromptResult getPrompt(String name, Map<String, Object> arguments) {
      throw new UnsupportedOperationException("no prompts");
    }

    @Override
    public void checkHealth() {}

    @Override
    public void setRoots(List<McpRoot> roots) {}

    @Override
    public void close() {}
  }

  private static McpToolProvider guardedProvider(AgentGuard guard, McpClient client) {
    return McpToolProvider.builder()
        .mcpClients(client)
        .toolWrapper(AgentGuardTools.toolWrapper(guard))
        .build();
  }

  @Test
  void everyMcpToolIsWrappedByTheGuard() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    ToolProviderResult result = guardedProvider(guard, new StubMcpClient()).provideTools(null);

    assertThat(result.aiServiceTools()).extracting(AiServiceTool::name)
        .containsExactlyInAnyOrder("sql", "fetch");
    assertThat(result.aiServiceTools()).allSatisfy(tool ->
        assertThat(tool.toolExecutor()).isInstanceOf(GuardedToolExecutor.class));
  }

  @Test
  void aDeniedMcpCallNeverReachesTheServerAndTheRunContinues() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    StubMcpClient server = new StubMcpClient();
    ScriptedChatModel model = new ScriptedChatModel(
        calls("Cleaning up the table first.", request("m1", "sql", "{\"query\":\"DROP TABLE customers\"}")),
        calls(null, request("m2", "sql", "{\"query\":\"select count(*) from customers\"}")));
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .toolProvider(guardedProvider(guard, server))
        .build();

    String answer = assistant.chat("how many customers?");

    assertThat(server.executed).containsExactly("sql {\"query\":\"select count(*) from customers\"}");
    assertThat(answer)
        .contains("refused by agent-guard (rule no-db-drop)")
        .contains("remote sql ok");
    assertThat(recorder.denied()).singleElement()
        .satisfies(denied -> assertThat(denied.decision().rule()).isEqualTo("no-db-drop"));
    assertThat(recorder.events).filteredOn(GuardEvent.CallStarted.class::isInstance).hasSize(2);
  }

  @Test
  void anMcpFetchOfTheMetadataEndpointIsRefusedByTheNetworkCheck() {
    AgentGuard guard = TestTools.guard(workspace, recorder);
    StubMcpClient server = new StubMcpClient();
    ToolExecutionResult refused = guardedProvider(guard, server).provideTools(null).aiServiceTools().stream()
        .filter(tool -> tool.name().equals("fetch"))
        .findFirst().orElseThrow().toolExecutor()
        .executeWithContext(request("f1", "fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"), null);

    assertThat(refused.isError()).isTrue();
    assertThat(refused.resultText()).startsWith("Tool call refused by agent-guard");
    assertThat(server.executed).isEmpty();
  }
}
