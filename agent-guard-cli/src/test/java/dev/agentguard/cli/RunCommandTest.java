package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.agentguard.sandbox.os.OsSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent-guard run} as a real process, started in the workspace, against the real sandbox. */
class RunCommandTest {

  @TempDir Path tmp;
  private Path ws;
  private Path home;
  private Path policy;

  /** The outcome of one CLI run. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    Path base = tmp.toRealPath();
    ws = Files.createDirectories(base.resolve("ws"));
    Files.createDirectories(ws.resolve(".git/hooks"));
    home = Files.createDirectories(base.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "FAKE PRIVATE KEY");
    policy = Files.writeString(ws.resolve("agent-guard.yaml"), String.join("\n",
        "version: 1",
        "filesystem:",
        "  roots: [ { path: \"${workspace}\", access: read-write } ]",
        "  deny: [ \"${home}/.ssh/**\" ]",
        "commands:",
        "  rules:",
        "    - { prefix: [sh], decision: allow }",
        "    - { prefix: [ls], decision: allow }",
        "    - { prefix: [rm], decision: deny }",
        "  default: deny",
        "sandbox: { mode: required }",
        ""));
  }

  private Run run(String... command) throws Exception {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--policy", policy.toString(),
        "--home", home.toString(), "--"));
    argv.addAll(List.of(command));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(argv).directory(ws.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("agent-guard run ended").isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void assumeSandbox() {
    OsSandbox os = OsSandbox.detect();
    assumeThat(os.availability(false).available())
        .as("bubblewrap (bwrap) is not installed: " + os.availability(false).reason()).isTrue();
  }

  @Test
  void anAllowedCommandRunsConfinedInTheCurrentDirectoryAndKeepsItsExitCode() throws Exception {
    assumeSandbox();
    // what the command line does not show: the script the allowed command runs
    Files.writeString(ws.resolve("build.sh"), "pwd; echo built > out.txt; cat " + home + "/.ssh/id_rsa;"
        + " echo evil > .git/hooks/pre-commit; echo 'mode: audit' >> agent-guard.yaml; exit 7\n");
    Run r = run("sh", "build.sh");
    assertThat(r.exit()).as(r.err()).isEqualTo(7);
    assertThat(r.out()).startsWith(ws.toString()).doesNotContain("FAKE PRIVATE KEY");
    assertThat(Files.readString(ws.resolve("out.txt"))).isEqualTo("built\n");
    assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
    assertThat(Files.readString(policy)).doesNotContain("audit");
  }

  @Test
  void aRefusedCommandExits126WithTheRefusalOnStderr() throws Exception {
    Files.writeString(ws.resolve("keep.txt"), "keep");
    Run r = run("rm", "-f", "keep.txt");
    assertThat(r.exit()).isEqualTo(126);
    assertThat(r.err()).contains("refused").contains("rm");
    assertThat(ws.resolve("keep.txt")).exists();
  }

  @Test
  void aBadPolicyIsAUsageError() throws Exception {
    Files.writeString(policy, "version: 1\nsandbox: { mode: sometimes }\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int exit = Main.run(new String[] {"run", "--policy", policy.toString(), "--", "ls"},
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(err, true,
            StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown sandbox mode 'sometimes'");
  }
}
