package dev.agentguard.cli;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.ops.audit.AuditLog;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.mcp.McpStdioProxy;
import dev.agentguard.mcp.McpToolGuard;
import dev.agentguard.mcp.SandboxedServerLauncher;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxSpec;
import dev.agentguard.mcp.ToolPins;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard mcp-proxy --policy P [--workspace DIR] [--home DIR] [--pins FILE] -- SERVER-COMMAND ARGS...}:
 * MCP over stdio on both sides; every {@code tools/call} is judged, a refusal is a tool result with
 * {@code isError: true}, everything else is forwarded unchanged.
 */
@Command(
    name = "mcp-proxy",
    description = {
        "Run an MCP server behind agent-guard: MCP over stdio on both sides, every tools/call judged by the policy.",
        "A refused call is answered as a tool error (isError: true) with the reason; the server never sees it."})
final class McpProxyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin PolicyOptions options;

  @Option(names = "--pins", paramLabel = "FILE",
      description = "The tool pin file (default: .agent-guard/mcp-pins.json in the workspace).")
  Path pins;

  @Option(names = "--server-name", paramLabel = "NAME",
      description = "The server's name in the pin file and the audit log (default: the server command line).")
  String serverName;

  @Option(names = "--trust-annotations",
      description = "Trust the server's tool annotations (readOnlyHint allows, destructiveHint asks).")
  boolean trustAnnotations;

  @Option(names = "--audit", paramLabel = "FILE", description = "Append every decision to this audit log.")
  Path audit;

  /** Exit code: the server was not started (the OS sandbox is required and cannot start). */
  static final int REFUSED = 126;

  @Parameters(paramLabel = "SERVER-COMMAND", arity = "1..*", description = "The MCP server to run, after --.")
  List<String> command = new ArrayList<>();

  private InputStream in = System.in;
  private OutputStream out = System.out;
  private PrintStream log = System.err;

  /** Sets the streams the protocol runs on (the CLI's stdin and stdout) and the diagnostics stream. */
  void streams(InputStream in, OutputStream out, PrintStream log) {
    this.in = in;
    this.out = out;
    this.log = log;
  }

  @Override
  public Integer call() throws UsageException {
    PrintWriter err = spec.commandLine().getErr();
    Policy p = options.load(err);
    GuardEnvironment env = options.environment();
    Path ws = env.workspace();
    ToolPins toolPins;
    AuditLog auditLog = null;
    try {
      toolPins = pins != null ? ToolPins.open(pins) : defaultPins(ws, err);
      auditLog = audit == null ? null : AuditLog.open(audit);
    } catch (IOException e) {
      err.println("agent-guard mcp-proxy: " + e.getMessage());
      return Main.USAGE;
    }
    SandboxedServerLauncher launcher = launcher(p, env, err);
    if (launcher.decision().isDeny()) {
      err.println("agent-guard mcp-proxy: refused to start the server (rule " + launcher.decision().rule() + "): "
          + launcher.decision().reason());
      closeQuietly(auditLog, err);
      return REFUSED;
    }
    AuditLog listener = auditLog;
    try (McpToolGuard guard = McpToolGuard.builder()
        .server(serverName != null && !serverName.isBlank() ? serverName : String.join(" ", command))
        .policy(p)
        .pins(toolPins)
        .trustAnnotations(trustAnnotations)
        .configure(b -> {
          b.environment(env).approver(NO_APPROVER);
          if (listener != null) {
            b.listener(listener);
          }
        })
        .build()) {
      err.flush();
      return McpStdioProxy.builder()
          .guard(guard)
          .command(command)
          .workingDirectory(ws)
          .launcher(launcher)
          .log(log)
          .build()
          .run(in, out);
    } catch (IOException e) {
      err.println("agent-guard mcp-proxy: cannot start the server " + command + ": " + e.getMessage());
      return Main.USAGE;
    } finally {
      closeQuietly(auditLog, err);
    }
  }

  /**
   * The pins when no {@code --pins} was given: {@code .agent-guard/mcp-pins.json} in the workspace, or, where that
   * cannot be written, pins kept for this session only (said on stderr). A pin file named with {@code --pins}
   * must be usable: it is never replaced silently.
   */
  private static ToolPins defaultPins(Path workspace, PrintWriter err) throws IOException {
    Path dir = workspace.resolve(".agent-guard");
    try {
      java.nio.file.Files.createDirectories(dir);
      if (java.nio.file.Files.isWritable(dir)) {
        return ToolPins.open(dir.resolve("mcp-pins.json"));
      }
    } catch (IOException e) {
      // fall through: the workspace is read-only
    }
    err.println("agent-guard mcp-proxy: cannot write " + dir + "; tool pins are kept for this session only "
        + "(name a pin file with --pins)");
    return ToolPins.inMemory();
  }

  /**
   * The server launcher: the OS sandbox built from the policy (the policy file, the audit log and the pin file
   * are never writable from inside), as the policy's {@code sandbox.mode} says. When the server runs unconfined,
   * stderr says so and why.
   */
  private SandboxedServerLauncher launcher(Policy p, GuardEnvironment env, PrintWriter err) {
    List<Path> guarded = new ArrayList<>(List.of(options.policy));
    if (audit != null) {
      guarded.add(audit);
    }
    guarded.add(pins != null ? pins : env.workspace().resolve(".agent-guard").resolve("mcp-pins.json"));
    Path[] existing = guarded.stream().filter(Files::exists).toArray(Path[]::new);
    SandboxedServerLauncher launcher = SandboxedServerLauncher.of(
        SandboxSpec.of(p, env).withNeverWritable(existing), OsSandbox.detect());
    if (launcher.decision().isAllow() && !launcher.confined()) {
      err.println("agent-guard mcp-proxy: the server " + launcher.decision().reason());
    }
    err.flush();
    return launcher;
  }

  /** stdin carries the protocol, so no one can be asked at a terminal: calls that need a person are refused. */
  private static final Approver NO_APPROVER = request -> CompletableFuture.completedFuture(ApprovalResponse.denied(
      "agent-guard mcp-proxy",
      "this call needs a person's approval, and mcp-proxy has no approver (its stdin carries the MCP protocol); "
          + "allow the call in the policy if it is safe"));

  private static void closeQuietly(AuditLog log, PrintWriter err) {
    if (log == null) {
      return;
    }
    try {
      log.close();
    } catch (IOException e) {
      err.println("agent-guard mcp-proxy: closing the audit log failed: " + e.getMessage());
    }
  }
}
