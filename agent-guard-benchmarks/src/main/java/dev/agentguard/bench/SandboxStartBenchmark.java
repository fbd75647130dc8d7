package dev.agentguard.bench;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.sandbox.os.Launch;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Starting {@code true} three ways, in the same run: a plain process; a bare {@code bwrap --ro-bind / / true};
 * and agent-guard's sandbox (the mount plan from the policy, the bwrap command line with its prologue, the start,
 * the kill of the namespace and the clean-up). The workspace is a small project: a git directory and 50 files.
 * What agent-guard adds is {@code agentGuardSandbox - bareBwrap}; the goal is at most half of {@code bareBwrap}.
 * {@code agentGuardPrepareOnly} is the Java side alone. Needs bubblewrap (setup fails without it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class SandboxStartBenchmark {

  public OsSandbox sandbox;
  public SandboxSpec spec;
  public Path workspace;

  @Setup
  public void setup() throws IOException {
    Path base = Files.createTempDirectory("agent-guard-bench-sandbox").toRealPath();
    workspace = Files.createDirectories(base.resolve("ws"));
    Files.createDirectories(workspace.resolve(".git/hooks"));
    Files.writeString(workspace.resolve(".git/config"), "[core]\n");
    Files.createDirectories(workspace.resolve("src"));
    for (int i = 0; i < 50; i++) {
      Files.writeString(workspace.resolve("src/f" + i + ".txt"), "x");
    }
    Path home = Files.createDirectories(base.resolve("home"));
    Policy policy = Policy.builder().root("${workspace}", RootAccess.READ_WRITE).denyPath("**/.env")
        .denyPath("${home}/.ssh/**").build();
    spec = SandboxSpec.of(policy, new GuardEnvironment(workspace, home, base));
    sandbox = OsSandbox.detect();
    if (!sandbox.availability(false).available()) {
      throw new IllegalStateException("bubblewrap is needed: " + sandbox.availability(false).reason());
    }
  }

  private static int run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    p.getOutputStream().close();
    return p.waitFor();
  }

  @Benchmark
  public int plainProcess() throws IOException, InterruptedException {
    return run(List.of("true"));
  }

  @Benchmark
  public int bareBwrap() throws IOException, InterruptedException {
    return run(List.of("bwrap", "--ro-bind", "/", "/", "true"));
  }

  @Benchmark
  public int agentGuardSandbox() throws IOException, InterruptedException {
    try (Launch launch = sandbox.launch(spec, List.of("true"), workspace, null)) {
      Process p = new ProcessBuilder(launch.argv()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      int exit = p.waitFor();
      launch.terminate(p);
      return exit;
    }
  }

  /** The Java side alone: the mount plan and the command line, without starting anything. */
  @Benchmark
  public int agentGuardPrepareOnly() throws IOException {
    try (Launch launch = sandbox.launch(spec, List.of("true"), workspace, null)) {
      return launch.argv().size();
    }
  }
}
