package dev.agentguard.sandbox.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.core.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickProbeTest {
  @TempDir Path tmp;

  @Test
  void smoke() throws Exception {
    SandboxFixture.assumeBubblewrap();
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(ws.resolve(".git/hooks"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Policy policy = Policy.builder().root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
        .denyPath("**/secret.txt").build();
    Files.writeString(ws.resolve("secret.txt"), "s3cret");
    GuardEnvironment env = new GuardEnvironment(ws.toRealPath(), home, tmp);
    SandboxFixture.Result r = SandboxFixture.run(policy, env,
        "echo ok > built.txt; echo x > .env; echo y > .git/hooks/pre-commit; cat secret.txt; echo z > ../out.txt;"
            + " ls -la; ls /proc | head -3; id", ws.toRealPath(), null);
    System.out.println(r);
    assertThat(r.exit()).isNotEqualTo(125);
  }
}
