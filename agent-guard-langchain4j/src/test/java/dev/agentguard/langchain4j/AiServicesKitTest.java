package dev.agentguard.langchain4j;

import static dev.agentguard.langchain4j.ScriptedChatModel.calls;
import static dev.agentguard.langchain4j.ScriptedChatModel.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.test.AgentGuardExtension;
import dev.agentguard.test.GuardAssertions;
import dev.agentguard.test.RecordingListener;
import dev.agentguard.test.ScriptedApprover;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A LangChain4j agent with a guarded deploy tool, driven with the test kit's approver and recorder. */
class AiServicesKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy(TestTools.policy().toBuilder()
          .rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "production deploys need sign-off"))
          .build())
      .workspaceFile("notes.txt", "release notes");

  interface Assistant {
    String chat(@MemoryId String conversation, @UserMessage String message);
  }

  static final class DeployTools {
    final List<String> deployed = new CopyOnWriteArrayList<>();

    @Tool(name = "deploy", value = "Deploys a version to production")
    String deploy(@P(name = "version", value = "the version") String version) {
      deployed.add(version);
      return "deployed " + version;
    }
  }

  private final DeployTools deployTools = new DeployTools();
  private final TestTools tools = new TestTools();

  private Assistant assistant(AgentGuard guard, ScriptedChatModel model) {
    return AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(50))
        .tools(AgentGuardTools.wrap(guard, deployTools, tools))
        .build();
  }

  @Test
  void theAgentsDeployRunsOnlyOnceApproved(AgentGuard guard, ScriptedApprover approver, RecordingListener events) {
    approver.approveNext(1).denyNext(1, "change freeze until Monday");
    ScriptedChatModel model = new ScriptedChatModel(
        calls("the checklist is green, releasing", request("c1", "deploy", "{\"version\":\"1.0\"}")),
        calls(null, request("c2", "deploy", "{\"version\":\"2.0\"}")),
        calls(null, request("c3", "read_note", "{\"path\":\"notes.txt\"}")));

    String answer = assistant(guard, model).chat("conv-1", "ship it");

    assertThat(deployTools.deployed).containsExactly("1.0");
    assertThat(tools.ran).containsExactly("read_note notes.txt");
    assertThat(approver.requests()).extracting(r -> r.call().id()).containsExactly("c1", "c2");
    assertThat(approver.requests()).allSatisfy(r -> assertThat(r.call().context().conversationId()).contains("conv-1"));
    assertThat(model.allToolResults()).filteredOn(r -> r.id().equals("c2")).singleElement()
        .extracting(ToolExecutionResultMessage::text).asString()
        .startsWith("Tool call refused by agent-guard (rule approval.denied)")
        .contains("change freeze until Monday");
    assertThat(events.denialDecisions()).singleElement()
        .satisfies(d -> GuardAssertions.assertThat(d).byRule("approval.denied").because("change freeze"));
    assertThat(answer).startsWith("final: ");
  }
}
