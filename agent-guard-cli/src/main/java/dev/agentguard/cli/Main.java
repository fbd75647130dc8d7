package dev.agentguard.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard}: check tool calls against a policy, validate and explain policies, verify audit logs.
 *
 * <p>Exit codes: 0 every call was evaluated (whatever the decisions) or the file is valid; 2 a bad policy or
 * bad usage; {@code audit verify} returns 1 for a broken log; {@code replay} returns 1 when a call that ran
 * would now be asked or denied.
 */
@Command(
    name = "agent-guard",
    description = "Check AI agents' tool calls against an agent-guard policy.",
    mixinStandardHelpOptions = true,
    version = "agent-guard 0.1.0-SNAPSHOT",
    subcommands = {CheckCommand.class, ValidateCommand.class, ExplainCommand.class, AuditCommand.class,
        ReplayCommand.class, RunCommand.class, McpProxyCommand.class, McpPinsCommand.class})
public final class Main implements Runnable {

  /** Exit code: done. */
  static final int OK = 0;
  /** Exit code: bad policy or usage. */
  static final int USAGE = 2;

  @Spec private CommandSpec spec;

  private Main() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Runs the CLI with {@code args}, writing to {@code out} and {@code err}, and returns the exit code.
   *
   * @param args the command line, without the program name
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /**
   * Runs the CLI with {@code args}, reading from {@code in} (where a command reads stdin: {@code mcp-proxy}'s
   * protocol, {@code --calls -}), writing to {@code out} and {@code err}, and returns the exit code.
   *
   * @param args the command line, without the program name
   * @param in standard input
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(o);
    cli.setErr(e);
    ((McpProxyCommand) cli.getSubcommands().get("mcp-proxy").getCommand()).streams(in, out, err);
    cli.setExitCodeExceptionMapper(t -> USAGE);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("agent-guard: " + ex.getMessage());
      return USAGE;
    });
    try {
      return cli.execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  /**
   * The command-line entry point.
   *
   * @param args the command line, without the program name; the process exits with the command's exit code
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    System.exit(code);
  }
}
