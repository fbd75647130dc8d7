package dev.agentguard.examples.langchain4j;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.sandbox.GuardedFiles;
import dev.agentguard.sandbox.GuardedHttpClient;
import dev.agentguard.sandbox.GuardedProcess;
import dev.agentguard.sandbox.ProcessResult;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The demo agent's tools: real {@code @Tool} methods. The markers in the parameter descriptions tell agent-guard
 * which argument is a path, a URL or a command. The tools also use agent-guard's guarded I/O, so even a call
 * that slipped past the tool-level check could not leave the policy.
 */
public final class DemoTools {

  private final GuardedFiles files;
  private final AgentGuard guard;
  private final Path workspace;
  private final GuardedProcess processes;

  DemoTools(AgentGuard guard, Path workspace) {
    this.guard = guard;
    this.files = GuardedFiles.of(guard.fileSystemCheck());
    this.workspace = workspace;
    this.processes = GuardedProcess.builder(workspace)
        .commandCheck(guard.commandCheck())
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** Reads a text file of the workspace. */
  @Tool(name = "read_file", value = "Reads a text file")
  public String readFile(@P(name = "path", value = "[path:read] the file to read") String path) throws IOException {
    return files.readString(path);
  }

  /** Fetches a URL through the guarded HTTP client. */
  @Tool(name = "fetch_url", value = "Fetches a web page")
  public String fetchUrl(@P(name = "url", value = "[url] the address to fetch") String url) throws Exception {
    try (GuardedHttpClient http = GuardedHttpClient.create(guard.networkCheck())) {
      return http.get(url).bodyText();
    }
  }

  /** Runs a simple command (no quoting) in the workspace. */
  @Tool(name = "run_command", value = "Runs a shell command in the workspace")
  public String runCommand(@P(name = "command", value = "[command] the command line") String command)
      throws Exception {
    // The guard has already judged this command line; GuardedProcess checks the argv again, runs it without a
    // shell inside the workspace, with a scrubbed environment, a timeout and capped output.
    List<String> argv = List.of(command.strip().split("\\s+"));
    ProcessResult result = processes.run(argv, workspace);
    String output = result.stdout().strip();
    return "exit " + result.exitCode() + ": " + output.replace('\n', ' ');
  }
}
