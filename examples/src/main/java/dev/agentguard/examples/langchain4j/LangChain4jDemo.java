package dev.agentguard.examples.langchain4j;

import static dev.agentguard.examples.langchain4j.DemoChatModel.call;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.langchain4j.AgentGuardTools;
import dev.agentguard.langchain4j.AgentRationale;
import dev.agentguard.langchain4j.GuardSettings;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.service.AiServices;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An offline LangChain4j agent guarded by agent-guard: a real {@code AiServices} agent with real {@code @Tool}
 * methods and a scripted model. The model asks for a file, the cloud metadata endpoint, a directory listing and
 * {@code rm -rf /}; the guard refuses two of them, the model reads the refusals and still finishes.
 */
public final class LangChain4jDemo {

  /** The agent's interface. */
  interface Assistant {
    String chat(String message);
  }

  private LangChain4jDemo() {}

  /** Runs the demo, printing the conversation to {@code out}. */
  public static void run(String[] args, PrintStream out) throws Exception {
    Path workspace = Files.createTempDirectory("agent-guard-lc4j");
    try {
      run(workspace, out);
    } finally {
      deleteTree(workspace);
    }
  }

  private static void run(Path workspace, PrintStream out) throws Exception {
    Files.writeString(workspace.resolve("README.md"), "# demo project\nThe agent may read this file.\n");

    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .denyPath("${home}/.ssh/**")
        .allowHost("api.github.com")
        .commandRule(Verdict.ALLOW, "ls")
        .commandRule(Verdict.DENY, "rm", "-rf")
        .commandDefault(Verdict.DENY)
        .unknownTool(Verdict.DENY)
        .build();
    // The tools declare their own resources (the [path:read], [url], [command] markers): merge them in.
    Policy.Builder withTools = policy.toBuilder();
    AgentGuardTools.descriptorsOf(DemoTools.class).forEach(withTools::tool);

    AgentGuard guard = AgentGuard.builder()
        .policy(withTools.build())
        .environment(GuardEnvironment.ofWorkspace(workspace))
        .build();

    AgentRationale rationale = new AgentRationale();
    DemoChatModel model = new DemoChatModel(out, List.of(
        AiMessage.from("Let me read the README first.", List.of(
            call("c1", "read_file", "{\"path\":\"README.md\"}"))),
        AiMessage.from("Now the instance metadata and a listing of the workspace.", List.of(
            call("c2", "fetch_url", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"),
            call("c3", "run_command", "{\"command\":\"ls\"}"))),
        AiMessage.from("The disk looks full; I will clean it up.", List.of(
            call("c4", "run_command", "{\"command\":\"rm -rf /\"}")))));

    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .tools(AgentGuardTools.using(guard, GuardSettings.builder().rationale(rationale).build())
            .tools(new DemoTools(guard, workspace)))          // <- the one line that guards every tool
        .registerListener(rationale)
        .build();

    out.println("agent-guard + LangChain4j demo (offline): workspace " + workspace);
    out.println();
    out.println("  user: Tidy up my project and tell me what is in it.");
    String answer = assistant.chat("Tidy up my project and tell me what is in it.");
    out.println();
    out.println("  final answer: " + answer);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
