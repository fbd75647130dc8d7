package dev.agentguard.examples.readme;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.PolicyLoader;
import dev.agentguard.langchain4j.AgentGuardTools;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's LangChain4j example: an AI service whose tools are guarded. */
public class GuardedAssistant {

  public interface Assistant {
    String chat(String message);
  }

  public static class FileTools {
    @Tool("Reads a text file of the project")
    public String readFile(@P("[path:read] the file to read") String path) throws Exception {
      return Files.readString(Path.of(path));
    }
  }

  public static Assistant create(ChatModel model) throws Exception {
    AgentGuard guard = AgentGuard.builder()
        .policy(PolicyLoader.load("classpath:agent-guard.yaml"))   // or a path
        .workspace(Path.of("").toAbsolutePath())
        .build();
    return AiServices.builder(Assistant.class)
        .chatModel(model)
        .tools(AgentGuardTools.wrap(guard, new FileTools()))      // every @Tool call is judged first
        .build();
  }
}
