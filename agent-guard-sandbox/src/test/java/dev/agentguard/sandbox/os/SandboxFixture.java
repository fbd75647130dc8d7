package dev.agentguard.sandbox.os;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs shell scripts in the real bubblewrap sandbox; skips (with the reason) only when bwrap is absent. */
final class SandboxFixture {

  static final OsSandbox SANDBOX = OsSandbox.detect();

  /** The outcome of one script. */
  record Result(int exit, String out, String err) {}

  private SandboxFixture() {}

  static void assumeBubblewrap() {
    assumeTrue(SANDBOX.kind() == OsSandbox.Kind.BUBBLEWRAP && Files.isExecutable(Path.of("/usr/bin/bwrap"))
            || Files.isExecutable(Path.of("/bin/bwrap")),
        "bubblewrap (bwrap) is not installed: the escape tests need the real sandbox (apt-get install bubblewrap)");
  }

  static Result run(Policy policy, GuardEnvironment env, String script, Path dir, InetSocketAddress proxy)
      throws IOException, InterruptedException {
    SandboxSpec spec = SandboxSpec.of(policy, env);
    try (Launch launch = SANDBOX.launch(spec, List.of("/bin/sh", "-c", script), dir, proxy)) {
      ProcessBuilder pb = new ProcessBuilder(launch.argv());
      pb.environment().putAll(launch.environment());
      Path out = Files.createTempFile("sbx", ".out");
      Path err = Files.createTempFile("sbx", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        launch.terminate(p);
        throw new AssertionError("sandboxed script did not end within 60 s: " + script);
      }
      launch.terminate(p);
      Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return r;
    }
  }
}
