package dev.agentguard.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.PolicyLoader;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SandboxedServerLauncher}: the policy's sandbox mode against a sandbox that works and one that cannot. */
class McpSandboxedLauncherTest {

  @TempDir Path dir;

  private static final OsSandbox BROKEN = OsSandbox.bubblewrap(Path.of("/nonexistent/bwrap"), null);

  private SandboxSpec spec(String mode) throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.writeString(ws.resolve("in.txt"), "inside");
    Files.writeString(dir.resolve("out.txt"), "outside");
    return SandboxSpec.of(PolicyLoader.parse(String.join("\n",
        "version: 1",
        "filesystem:",
        "  roots:",
        "    - { path: \"${workspace}\", access: read-write }",
        "sandbox: { mode: " + mode + " }",
        ""), "p.yaml", PolicyLoader.Format.YAML), new GuardEnvironment(ws, dir.resolve("home"), dir));
  }

  @Test
  void requiredAndNoSandboxRefusesToStartWithTheRuleAndStartsNothing() throws Exception {
    SandboxedServerLauncher launcher = SandboxedServerLauncher.of(spec("required"), BROKEN);
    assertThat(launcher.decision().isDeny()).isTrue();
    assertThat(launcher.decision().rule()).isEqualTo("sandbox.unavailable");
    assertThat(launcher.decision().reason()).contains("cannot be started");
    Path marker = dir.resolve("started");
    assertThatThrownBy(() -> launcher.start(List.of("/bin/sh", "-c", "touch " + marker), dir.resolve("ws")))
        .isInstanceOf(IOException.class).hasMessageContaining("sandbox.unavailable");
    assertThat(marker).doesNotExist();
  }

  @Test
  void preferredAndNoSandboxRunsUnconfinedAndSaysWhy() throws Exception {
    SandboxedServerLauncher launcher = SandboxedServerLauncher.of(spec("preferred"), BROKEN);
    assertThat(launcher.decision().rule()).isEqualTo("sandbox.unconfined");
    assertThat(launcher.decision().reason()).contains("preferred").contains("cannot be started");
    assertThat(launcher.confined()).isFalse();
    assertThat(run(launcher, "cat " + dir.resolve("out.txt"))).isEqualTo("outside");
  }

  @Test
  void offRunsUnconfinedEvenWhereTheSandboxWorks() throws Exception {
    SandboxedServerLauncher launcher = SandboxedServerLauncher.of(spec("off"), OsSandbox.detect());
    assertThat(launcher.decision().rule()).isEqualTo("sandbox.unconfined");
    assertThat(launcher.confined()).isFalse();
    assertThat(run(launcher, "cat " + dir.resolve("out.txt"))).isEqualTo("outside");
  }

  @Test
  void requiredWithAWorkingSandboxSeesTheRootsAndNothingElseOverPipedStdio() throws Exception {
    OsSandbox os = OsSandbox.detect();
    assumeTrue(os.availability(false).available(), "no working OS sandbox here");
    SandboxedServerLauncher launcher = SandboxedServerLauncher.of(spec("required"), os);
    assertThat(launcher.confined()).isTrue();
    assertThat(run(launcher, "read line; echo \"$line $(cat in.txt)\"; cat " + dir.resolve("out.txt")
        + " 2>/dev/null || echo hidden")).isEqualTo("ping inside\nhidden");
  }

  /** Runs a shell script through the launcher in the workspace, with "ping" on stdin; returns its stdout. */
  private String run(SandboxedServerLauncher launcher, String script) throws Exception {
    Process p = launcher.start(List.of("/bin/sh", "-c", script), dir.resolve("ws"));
    try (var stdin = p.getOutputStream()) {
      stdin.write("ping\n".getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException exitedWithoutReading) {
      // a script that never reads stdin may be gone already (broken pipe): its output is what the test checks
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
