package dev.agentguard.cli;

import dev.agentguard.mcp.ToolPins;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code agent-guard mcp-pins approve --pins FILE --server NAME TOOL...}: a person accepts changed MCP tools. */
@Command(
    name = "mcp-pins",
    description = "Manage the MCP tool pins that mcp-proxy keeps.",
    subcommands = {McpPinsCommand.Approve.class})
final class McpPinsCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: approve");
  }

  /** Approves the pending (changed) definitions of tools. Exit 0 when all were approved, 1 when one had none. */
  @Command(
      name = "approve",
      description = {
          "Accept the changed definition of TOOL that mcp-proxy recorded as pending (it refused the tool with rule",
          "mcp.tool-changed). Look at the difference first: it is in the refusal, the audit log and the pin file."})
  static final class Approve implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--pins", required = true, paramLabel = "FILE", description = "The pin file.")
    Path pins;

    @Option(names = "--server", required = true, paramLabel = "NAME",
        description = "The server's name in the pin file (mcp-proxy's --server-name, else its command line).")
    String server;

    @Parameters(paramLabel = "TOOL", arity = "1..*", description = "The tools whose new definition to accept.")
    List<String> tools = new ArrayList<>();

    @Override
    public Integer call() throws UsageException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.isRegularFile(pins)) {
        throw new UsageException("no pin file at " + pins);
      }
      int missing = 0;
      try {
        ToolPins file = ToolPins.open(pins);
        for (String tool : tools) {
          if (file.approvePending(server, tool)) {
            out.println("approved the new definition of " + tool + " (server " + server + ")");
          } else {
            err.println("agent-guard mcp-pins: no pending definition of " + tool + " (server " + server + ")");
            missing++;
          }
        }
      } catch (IOException e) {
        throw new UsageException(e.getMessage());
      }
      return missing == 0 ? Main.OK : 1;
    }
  }
}
