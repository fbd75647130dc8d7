package com.example.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.langchain4j.AgentGuardTools;
import dev.agentguard.test.AgentGuardExtension;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.AiServiceTool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The LangChain4j adapter on the user's classpath: allowed calls run, refused ones become text for the model. */
class LangChain4jToolsTest {
  @RegisterExtension
  final AgentGuardExtension kit = AgentGuardExtension.withPolicy("agent-guard.yaml");

  @Test
  void guardedToolsRunOrExplain(AgentGuard guard) {
    List<AiServiceTool> tools = AgentGuardTools.wrap(guard, new NoteTools());
    assertEquals(1, tools.size());
    AiServiceTool readFile = tools.get(0);

    String allowed = readFile.toolExecutor().execute(ToolExecutionRequest.builder()
        .id("c1").name("read_file").arguments("{\"path\":\"notes.md\"}").build(), "memory");
    assertEquals("contents of notes.md", allowed);

    String refused = readFile.toolExecutor().execute(ToolExecutionRequest.builder()
        .id("c2").name("read_file").arguments("{\"path\":\".env\"}").build(), "memory");
    assertTrue(refused.contains("filesystem.deny-glob"), refused);
  }
}
