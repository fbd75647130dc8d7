package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.fixtures.CommandFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardedProcessTest {

  @TempDir Path root;
  Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(root.resolve("ws"));
  }

  private static final Map<String, String> PARENT = Map.ofEntries(
      Map.entry("PATH", "/usr/bin:/bin"), Map.entry("HOME", "/home/u"), Map.entry("LANG", "C.UTF-8"),
      Map.entry("LC_ALL", "C.UTF-8"), Map.entry("TERM", "dumb"), Map.entry("GITHUB_TOKEN", "ghp_x"),
      Map.entry("OPENAI_API_KEY", "sk-x"), Map.entry("AWS_SECRET_ACCESS_KEY", "a"), Map.entry("AWS_REGION", "eu"),
      Map.entry("DB_PASSWORD", "p"), Map.entry("CLIENT_SECRET", "s"), Map.entry("FOO", "bar"),
      Map.entry("LC_SECRET_TOKEN", "t"));

  @Test
  void environmentIsBuiltFromAnAllowlist() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).baseEnvironment(PARENT).build();
    ProcessResult r = runner.run(List.of("/usr/bin/env"), workspace);
    assertThat(r.exitCode()).isZero();
    List<String> lines = Arrays.asList(r.stdout().split("\n"));
    assertThat(lines).contains("PATH=/usr/bin:/bin", "HOME=/home/u", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
        "PWD=" + workspace.toRealPath());
    assertThat(r.stdout()).doesNotContain("GITHUB_TOKEN", "OPENAI_API_KEY", "AWS_", "DB_PASSWORD",
        "CLIENT_SECRET", "FOO", "LC_SECRET_TOKEN");
  }

  @Test
  void builderAddsNamesAndProxy() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).baseEnvironment(PARENT)
        .passEnv("FOO", "AWS_REGION").env("EXTRA", "1").proxy("http://127.0.0.1:3128").build();
    ProcessResult r = runner.run(List.of("/usr/bin/env"), workspace);
    assertThat(r.stdout()).contains("FOO=bar", "AWS_REGION=eu", "EXTRA=1", "HTTP_PROXY=http://127.0.0.1:3128",
        "https_proxy=http://127.0.0.1:3128").doesNotContain("GITHUB_TOKEN");
    assertThatThrownBy(() -> GuardedProcess.builder(workspace).proxy("http://user:pw@h:1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GuardedProcess.builder(workspace).proxy("file:///etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeoutKillsTheWholeTree() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).timeout(Duration.ofSeconds(2)).build();
    ProcessResult r = runner.run(List.of("sh", "-c", "sleep 30 & echo $$ $!; sleep 30"), workspace);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.succeeded()).isFalse();
    String[] pids = r.stdout().trim().split(" ");
    assertThat(pids).hasSize(2);
    for (String pid : pids) {
      long p = Long.parseLong(pid);
      waitUntilGone(p);
      assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).as("pid " + p).isFalse();
    }
  }

  @Test
  void backgroundChildrenDoNotOutliveTheRun() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).timeout(Duration.ofSeconds(20)).build();
    ProcessResult r = runner.run(List.of("sh", "-c", "sleep 30 & echo $!; sleep 1"), workspace);
    assertThat(r.timedOut()).isFalse();
    long p = Long.parseLong(r.stdout().trim());
    waitUntilGone(p);
    assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private static void waitUntilGone(long pid) throws InterruptedException {
    for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void outputIsCapped() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).maxOutputBytes(1000).build();
    ProcessResult r = runner.run(List.of("seq", "1", "100000"), workspace);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).hasSize(1000).startsWith("1\n2\n3\n");
    assertThat(r.stdoutTruncated()).isTrue();
    assertThat(r.stderrTruncated()).isFalse();
    ProcessResult small = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), workspace);
    assertThat(small.exitCode()).isEqualTo(3);
    assertThat(small.stdout()).isEqualTo("out\n");
    assertThat(small.stderr()).isEqualTo("err\n");
    assertThat(small.stdoutTruncated()).isFalse();
  }

  @Test
  void stdinIsClosed() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).timeout(Duration.ofSeconds(20)).build();
    ProcessResult r = runner.run(List.of("cat"), workspace);
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void workingDirectoryIsConfinedToTheWorkspace() throws Exception {
    GuardedProcess runner = GuardedProcess.builder(workspace).build();
    Path sub = Files.createDirectories(workspace.resolve("sub"));
    assertThat(runner.run(List.of("pwd"), sub).stdout().trim()).isEqualTo(sub.toRealPath().toString());
    Path outside = Files.createDirectories(root.resolve("outside"));
    assertThatThrownBy(() -> runner.run(List.of("pwd"), outside))
        .isInstanceOf(ToolCallDeniedException.class).hasMessageContaining("outside the workspace");
    assertThatThrownBy(() -> runner.run(List.of("pwd"), workspace.resolve("../outside")))
        .isInstanceOf(ToolCallDeniedException.class);
    Path link = Files.createSymbolicLink(workspace.resolve("link"), outside);
    assertThatThrownBy(() -> runner.run(List.of("pwd"), link)).isInstanceOf(ToolCallDeniedException.class);
    assertThatThrownBy(() -> runner.run(List.of("pwd"), workspace.resolve("missing")))
        .isInstanceOf(ToolCallDeniedException.class);
  }

  @Test
  void commandsAreCheckedAndShellsRunOnlyAllowedScripts() throws Exception {
    CommandCheck check = CommandFixtures.check(workspace, Files.createDirectories(root.resolve("home")));
    GuardedProcess runner = GuardedProcess.builder(workspace).commandCheck(check).build();
    assertThat(runner.runShell("echo hi | wc -l", workspace).stdout().trim()).isEqualTo("1");
    assertThat(runner.run(List.of("echo", "$(id)"), workspace).stdout()).isEqualTo("$(id)\n");
    assertThatThrownBy(() -> runner.runShell("echo $(id)", workspace))
        .isInstanceOf(ToolCallDeniedException.class).hasMessageContaining("command.substitution");
    assertThatThrownBy(() -> runner.run(List.of("rm", "-rf", "x"), workspace))
        .isInstanceOf(ToolCallDeniedException.class).hasMessageContaining("commands[rm -rf]");
    assertThatThrownBy(() -> runner.run(List.of("make"), workspace))
        .isInstanceOf(ToolCallDeniedException.class).hasMessageContaining("needs approval");
    GuardedProcess approved = GuardedProcess.builder(workspace).commandCheck(check).acceptAsk(true).build();
    assertThat(approved.run(List.of("sh", "-c", "exit 0"), workspace).exitCode()).isZero();
    GuardedProcess unchecked = GuardedProcess.builder(workspace).build();
    assertThatThrownBy(() -> unchecked.runShell("ls", workspace)).isInstanceOf(IllegalStateException.class);
  }
}
