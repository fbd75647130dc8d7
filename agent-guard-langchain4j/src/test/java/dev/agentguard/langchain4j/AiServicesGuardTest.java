package dev.agentguard.langchain4j;

import static dev.agentguard.langchain4j.ScriptedChatModel.calls;
import static dev.agentguard.langchain4j.ScriptedChatModel.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real LangChain4j AI services, an offline scripted model, and guarded tools. */
class AiServicesGuardTest {

  interface Assistant {
    String chat(@MemoryId String conversation, @UserMessage String message);
  }

  interface ParameterisedAssistant {
    String chat(@UserMessage String message, InvocationParameters parameters);
  }

  @TempDir
  Path workspace;

  private final TestTools tools = new TestTools();
  private final TestTools.Recorder recorder = new TestTools.Recorder();

  private Assistant assistant(AgentGuard guard, ScriptedChatModel model, boolean concurrent) {
    AiServices<Assistant> builder = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(50))
        .tools(AgentGuardTools.wrap(guard, tools));
    if (concurrent) {
      builder.executeToolsConcurrently();
    }
    return builder.build();
  }

  @Test
  void allowedToolRunsAndTheGuardSeesItsContext() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "hello");
    ScriptedChatModel model = new ScriptedChatModel(
        calls(null, request("c1", "read_note", "{\"path\":\"notes.txt\"}")));

    String answer = assistant(TestTools.guard(workspace, recorder), model, false).chat("conv-42", "read my notes");

    assertThat(answer).isEqualTo("final: contents of notes.txt");
    assertThat(tools.ran).containsExactly("read_note notes.txt");
    List<ToolCall> started = recorder.started();
    assertThat(started).hasSize(1);
    ToolCall call = started.get(0);
    assertThat(call.id()).isEqualTo("c1");
    assertThat(call.toolName()).isEqualTo("read_note");
    assertThat(call.argumentsJson()).isEqualTo("{\"path\":\"notes.txt\"}");
    assertThat(call.context().conversationId()).contains("conv-42");
    assertThat(call.context().agentName()).contains("Assistant");
    assertThat(call.context().attributes()).containsKey(GuardedToolExecutor.INVOCATION_ID_ATTRIBUTE)
        .containsEntry(GuardedToolExecutor.METHOD_ATTRIBUTE, "chat");
  }

  @Test
  void deniedToolReturnsARefusalAndTheRunContinuesToAFinalAnswer() {
    ScriptedChatModel model = new ScriptedChatModel(
        calls(null, request("c1", "sql", "{\"query\":\"DROP TABLE users\"}")),
        calls(null, request("c2", "sql", "{\"query\":\"SELECT count(*) FROM users\"}")));

    String answer = assistant(TestTools.guard(workspace, recorder), model, false).chat("conv-1", "clean up");

    assertThat(tools.ran).containsExactly("sql SELECT count(*) FROM users");
    List<ToolExecutionResultMessage> results = model.allToolResults();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).id()).isEqualTo("c1");
    assertThat(results.get(0).text()).startsWith(
        "Tool call refused by agent-guard (rule no-db-drop): dropping tables is forbidden");
    assertThat(results.get(0).text()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(results.get(0).isError()).isTrue();
    assertThat(results.get(1).text()).isEqualTo("1 row");
    assertThat(answer).startsWith("final: ").contains("1 row");
    assertThat(recorder.denied()).singleElement()
        .satisfies(d -> assertThat(d.decision().rule()).isEqualTo("no-db-drop"));
  }

  @Test
  void forbiddenUrlIsRefusedBeforeTheToolRuns() {
    ScriptedChatModel model = new ScriptedChatModel(
        calls(null, request("c1", "fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}")));

    String answer = assistant(TestTools.guard(workspace, recorder), model, false).chat("conv-1", "metadata?");

    assertThat(tools.ran).isEmpty();
    assertThat(answer).startsWith("final: Tool call refused by agent-guard (rule ");
  }

  @Test
  void concurrentToolRequestsInOneMessageAreEachJudged() throws Exception {
    for (int i = 0; i < 4; i++) {
      Files.writeString(workspace.resolve("n" + i + ".txt"), "x");
    }
    ScriptedChatModel model = new ScriptedChatModel(calls("let me look at everything",
        request("c0", "read_note", "{\"path\":\"n0.txt\"}"),
        request("c1", "read_note", "{\"path\":\"n1.txt\"}"),
        request("c2", "sql", "{\"query\":\"drop table t\"}"),
        request("c3", "read_note", "{\"path\":\"n3.txt\"}"),
        request("c4", "read_note", "{\"path\":\"/etc/passwd\"}"),
        request("c5", "sql", "{\"query\":\"select 1\"}")));

    String answer = assistant(TestTools.guard(workspace, recorder), model, true).chat("conv-7", "go");

    assertThat(tools.ran).containsExactlyInAnyOrder(
        "read_note n0.txt", "read_note n1.txt", "read_note n3.txt", "sql select 1");
    List<ToolExecutionResultMessage> results = model.allToolResults();
    assertThat(results.stream().map(ToolExecutionResultMessage::id).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4", "c5");
    assertThat(results).filteredOn(r -> r.id().equals("c2")).singleElement()
        .satisfies(r -> assertThat(r.text()).contains("(rule no-db-drop)"));
    assertThat(results).filteredOn(r -> r.id().equals("c4")).singleElement()
        .satisfies(r -> assertThat(r.text()).startsWith("Tool call refused by agent-guard"));
    assertThat(recorder.started()).hasSize(6)
        .allSatisfy(c -> assertThat(c.context().conversationId()).contains("conv-7"));
    assertThat(answer).startsWith("final: ");
  }

  @Test
  void rationaleAndAlternativesComeFromTheModelsMessage() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "x");
    AgentRationale rationale = new AgentRationale();
    AgentGuard guard = TestTools.guard(workspace, recorder);
    ScriptedChatModel model = new ScriptedChatModel(calls("I need the notes before I answer",
        request("c1", "read_note", "{\"path\":\"a.txt\"}"),
        request("c2", "sql", "{\"query\":\"select 1\"}")));
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(50))
        .tools(AgentGuardTools.using(guard, GuardSettings.builder().rationale(rationale).build()).tools(tools))
        .registerListener(rationale)
        .build();

    assistant.chat("conv-r", "what do my notes say?");

    List<ToolCall> started = recorder.started();
    assertThat(started).hasSize(2);
    ToolCall read = started.stream().filter(c -> c.id().equals("c1")).findFirst().orElseThrow();
    assertThat(read.context().rationale()).contains("I need the notes before I answer");
    assertThat(read.context().alternatives()).containsExactly("sql({\"query\":\"select 1\"})");
  }

  @Test
  void principalAndWorkingDirectoryComeFromInvocationParameters() throws Exception {
    Path sub = Files.createDirectories(workspace.resolve("sub"));
    Files.writeString(sub.resolve("b.txt"), "x");
    ScriptedChatModel model = new ScriptedChatModel(
        calls(null, request("c1", "read_note", "{\"path\":\"b.txt\"}")));
    ParameterisedAssistant assistant = AiServices.builder(ParameterisedAssistant.class)
        .chatModel(model)
        .tools(AgentGuardTools.wrap(TestTools.guard(workspace, recorder), tools))
        .build();

    InvocationParameters parameters = new InvocationParameters();
    parameters.put("principal", "alice@example.com");
    parameters.put("workingDirectory", sub.toString());
    String answer = assistant.chat("read b", parameters);

    assertThat(answer).isEqualTo("final: contents of b.txt");
    ToolCall call = recorder.started().get(0);
    assertThat(call.context().principal()).contains("alice@example.com");
    assertThat(call.context().workingDirectory()).contains(sub.toString());
    assertThat(call.context().agentName()).contains("ParameterisedAssistant");
  }
}
