package dev.agentguard.mcp;

import dev.agentguard.api.Decision;
import dev.agentguard.sandbox.os.Launch;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxCheck;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Starts the MCP server inside the OS sandbox built from the policy ({@link SandboxSpec}): the server sees the
 * system directories read-only, the policy's roots as the policy grants them, no network and nothing else. The
 * policy's {@code sandbox.mode} decides what happens when the sandbox cannot start: {@code required} refuses to
 * start the server (rule {@value SandboxCheck#RULE_UNAVAILABLE}), {@code preferred} starts it unconfined, and
 * {@code off} always starts it unconfined; {@link #decision()} says which, with the reason. Thread-safe.
 *
 * <pre>{@code
 * SandboxedServerLauncher launcher = SandboxedServerLauncher.of(SandboxSpec.of(policy, env), OsSandbox.detect());
 * if (launcher.decision().isDeny()) { ... refuse, print launcher.decision().reason() ... }
 * McpStdioProxy.builder().launcher(launcher)...
 * }</pre>
 */
public final class SandboxedServerLauncher implements ServerLauncher {

  private final SandboxSpec spec;
  private final OsSandbox sandbox;
  private final Decision decision;

  private SandboxedServerLauncher(SandboxSpec spec, OsSandbox sandbox, Decision decision) {
    this.spec = spec;
    this.sandbox = sandbox;
    this.decision = decision;
  }

  /**
   * A launcher for servers confined by {@code spec} in {@code sandbox}; whether the sandbox can start is found
   * out now, once.
   *
   * @param spec the roots, deny globs and mode to confine servers with; not {@code null}
   * @param sandbox the mechanism to confine with; not {@code null}
   * @return the launcher
   */
  public static SandboxedServerLauncher of(SandboxSpec spec, OsSandbox sandbox) {
    Objects.requireNonNull(spec, "spec must not be null");
    Objects.requireNonNull(sandbox, "sandbox must not be null");
    return new SandboxedServerLauncher(spec, sandbox, new SandboxCheck(spec.mode(), sandbox, false).decide());
  }

  /**
   * How servers start: allowed with rule {@value SandboxCheck#RULE_CONFINED} (confined) or
   * {@value SandboxCheck#RULE_UNCONFINED} (unconfined, and why), or denied with rule
   * {@value SandboxCheck#RULE_UNAVAILABLE} (the sandbox is required and cannot start).
   *
   * @return the decision made when the launcher was created
   */
  public Decision decision() {
    return decision;
  }

  /**
   * Whether servers run confined.
   *
   * @return whether the decision's rule is {@value SandboxCheck#RULE_CONFINED}
   */
  public boolean confined() {
    return decision.isAllow() && SandboxCheck.RULE_CONFINED.equals(decision.rule());
  }

  /**
   * Starts the server as {@link #decision()} says.
   *
   * @throws IOException when the sandbox is required and cannot start (the message names rule
   *     {@value SandboxCheck#RULE_UNAVAILABLE}), or the process cannot be started
   */
  @Override
  public Process start(List<String> command, Path workingDirectory) throws IOException {
    Objects.requireNonNull(command, "command must not be null");
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    if (!decision.isAllow()) {
      throw new IOException("refused to start the server (rule " + decision.rule() + "): " + decision.reason());
    }
    if (!confined()) {
      return ServerLauncher.direct().start(command, workingDirectory);
    }
    Launch launch = sandbox.launch(spec, command, workingDirectory.toRealPath(), null);
    try {
      ProcessBuilder pb = new ProcessBuilder(launch.argv())
          .directory(workingDirectory.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(ProcessBuilder.Redirect.PIPE)
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      pb.environment().putAll(launch.environment());
      Process process = pb.start();
      process.onExit().whenComplete((p, e) -> launch.close());
      return process;
    } catch (IOException | RuntimeException e) {
      launch.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "SandboxedServerLauncher[" + decision.rule() + ": " + decision.reason() + "]";
  }
}
