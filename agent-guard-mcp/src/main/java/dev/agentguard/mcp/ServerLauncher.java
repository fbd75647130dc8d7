package dev.agentguard.mcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the MCP server process behind {@link McpStdioProxy}. The seam where an OS sandbox wraps the server: a
 * launcher may rewrite the command (for example to run it under bubblewrap) as long as the process's stdin and
 * stdout stay the server's.
 */
@FunctionalInterface
public interface ServerLauncher {

  /**
   * Starts {@code command} in {@code workingDirectory} with piped stdin and stdout; stderr should go to the
   * proxy's stderr.
   *
   * @param command the server's program and arguments
   * @param workingDirectory the directory to start it in
   * @return the started process
   * @throws IOException when the process cannot be started
   */
  Process start(List<String> command, Path workingDirectory) throws IOException;

  /**
   * Starts the command as it is, with no sandbox.
   *
   * @return a launcher that starts servers unconfined
   */
  static ServerLauncher direct() {
    return (command, workingDirectory) -> new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
