package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.SandboxMode;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile children and a hostile neighbour against {@link GuardedProcess}, unconfined and in the sandbox. */
class GuardedProcessRaceTest {

  @TempDir Path tmp;
  private Path ws;
  private Path outside;
  private GuardEnvironment env;

  @BeforeEach
  void setUp() throws IOException {
    Path base = tmp.toRealPath();
    ws = Files.createDirectories(base.resolve("ws"));
    outside = Files.createDirectories(base.resolve("outside"));
    env = new GuardEnvironment(ws, Files.createDirectories(base.resolve("home")), base);
  }

  private GuardedProcess.Builder runner(boolean sandboxed) {
    GuardedProcess.Builder b = GuardedProcess.builder(ws).timeout(Duration.ofSeconds(20));
    if (sandboxed) {
      OsSandbox os = OsSandbox.detect();
      assumeThat(os.availability(false).available())
          .as("bubblewrap (bwrap) is not installed or cannot start here: " + os.availability(false).reason())
          .isTrue();
      Policy policy = Policy.builder().root("${workspace}", RootAccess.READ_WRITE).sandbox(SandboxMode.REQUIRED)
          .build();
      b.sandbox(SandboxSpec.of(policy, env), os);
    }
    return b;
  }

  /**
   * A neighbour flips {@code ws/wd} between a directory and a symbolic link to outside while commands run in
   * {@code ws/wd}; no command may ever start outside (files created there are counted on the host).
   */
  @ParameterizedTest(name = "sandboxed={0}")
  @ValueSource(booleans = {false, true})
  void aWorkingDirectorySwappedAfterTheCheckIsNeverEntered(boolean sandboxed) throws Exception {
    GuardedProcess p = runner(sandboxed).build();
    Path wd = Files.createDirectories(ws.resolve("wd"));
    Path aside = ws.resolve("wd-aside");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger flips = new AtomicInteger();
    Thread neighbour = new Thread(() -> {
      while (!stop.get()) {
        try {
          // paced (not synchronised): about as long a directory as a link, so checks pass and starts race
          Files.move(wd, aside, StandardCopyOption.ATOMIC_MOVE);
          Files.createSymbolicLink(wd, outside);
          java.util.concurrent.locks.LockSupport.parkNanos(300_000);
          Files.delete(wd);
          Files.move(aside, wd, StandardCopyOption.ATOMIC_MOVE);
          flips.incrementAndGet();
          java.util.concurrent.locks.LockSupport.parkNanos(300_000);
        } catch (IOException e) {
          // lost a step to the timing: go on
        }
      }
    });
    neighbour.start();
    int ran = 0;
    int refused = 0;
    try {
      for (int i = 0; i < (sandboxed ? 60 : 150); i++) {
        try {
          ProcessResult r = p.run(List.of("touch", "created-" + i), wd);
          if (r.exitCode() == 0) {
            ran++;
          }
        } catch (ToolCallDeniedException e) {
          refused++;
        }
      }
    } finally {
      stop.set(true);
      neighbour.join();
    }
    assertThat(flips.get()).as("the neighbour really raced").isPositive();
    assertThat(ran + refused).as("runs judged").isPositive();
    // The control: with the neighbour gone and the directory back, the same runner runs in it. (How many racing
    // runs got through depends on the machine's load; on a loaded one every run may lose the race, which is fine.)
    if (Files.isSymbolicLink(wd)) {
      Files.delete(wd);
    }
    if (!Files.exists(wd)) {
      Files.move(aside, wd, StandardCopyOption.ATOMIC_MOVE);
    }
    assertThat(p.run(List.of("touch", "control"), wd).exitCode()).isZero();
    assertThat(wd.resolve("control")).exists();
    try (Stream<Path> created = Files.list(outside)) {
      assertThat(created).as("commands that started outside").isEmpty();
    }
  }

  /**
   * A command keeps starting writers that ignore SIGTERM; with a 1 s timeout, run() returns promptly and not one
   * writer is left (processes found on the host by a marker in their environment).
   */
  @ParameterizedTest(name = "sandboxed={0}")
  @ValueSource(booleans = {false, true})
  void aForkStormDiesWithItsTimeout(boolean sandboxed) throws Exception {
    String marker = "STORM_" + UUID.randomUUID().toString().replace("-", "");
    GuardedProcess p = runner(sandboxed).timeout(Duration.ofSeconds(1)).env("STORM_MARKER", marker).build();
    long start = System.nanoTime();
    ProcessResult r = p.run(List.of("/bin/sh", "-c",
        "trap '' TERM; while :; do (trap '' TERM; while :; do echo x >> storm.txt; done) & done"), ws);
    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(r.timedOut()).isTrue();
    assertThat(survivors(marker)).as("writers still running after run() returned").isZero();
    assertThat(took).as("run() returned soon after the timeout").isLessThan(10_000);
    assertThat(survivors(marker)).isZero();
  }

  @Test
  void requiredWithoutASandboxRefusesAndPreferredRunsUnconfinedAndSaysSo() throws Exception {
    OsSandbox missing = OsSandbox.bubblewrap(Path.of("/nonexistent/bwrap"), null);
    Policy required = Policy.builder().root("${workspace}", RootAccess.READ_WRITE).build();
    GuardedProcess strict = GuardedProcess.builder(ws).sandbox(SandboxSpec.of(required, env), missing).build();
    try {
      strict.run(List.of("touch", "ran"), ws);
      throw new AssertionError("a required sandbox that cannot start must refuse");
    } catch (ToolCallDeniedException e) {
      assertThat(e.decision().rule()).isEqualTo("sandbox.unavailable");
      assertThat(e.decision().reason()).contains("/nonexistent/bwrap");
    }
    assertThat(ws.resolve("ran")).doesNotExist();
    Policy preferred = required.toBuilder().sandbox(SandboxMode.PREFERRED).build();
    ProcessResult r = GuardedProcess.builder(ws).sandbox(SandboxSpec.of(preferred, env), missing).build()
        .run(List.of("touch", "ran"), ws);
    assertThat(r.exitCode()).isZero();
    assertThat(r.confined()).isFalse();
    assertThat(r.confinement()).startsWith("unconfined: sandbox.mode preferred and ");
    assertThat(ws.resolve("ran")).exists();
  }

  /** Processes on this machine whose environment holds {@code marker}. */
  private static int survivors(String marker) throws IOException {
    int n = 0;
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          byte[] environ = Files.readAllBytes(proc.resolve("environ"));
          if (indexOf(environ, needle) >= 0) {
            n++;
          }
        } catch (IOException e) {
          // gone, or not ours to read
        }
      }
    }
    return n;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
