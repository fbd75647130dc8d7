package dev.agentguard.sandbox.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.SandboxMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxCheckTest {

  private static final OsSandbox MISSING = OsSandbox.bubblewrap(Path.of("/nonexistent/bwrap"), null);

  @Test
  void requiredFailsClosedWhenTheSandboxCannotStart() {
    Decision d = new SandboxCheck(SandboxMode.REQUIRED, MISSING, false).decide();
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("sandbox.unavailable");
    assertThat(d.reason()).contains("required").contains("/nonexistent/bwrap");
  }

  @Test
  void preferredRunsUnconfinedAndSaysSo() {
    Decision d = new SandboxCheck(SandboxMode.PREFERRED, MISSING, false).decide();
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(d.rule()).isEqualTo(SandboxCheck.RULE_UNCONFINED);
    assertThat(d.reason()).startsWith("runs unconfined (sandbox.mode: preferred)");
    assertThat(new SandboxCheck(SandboxMode.OFF, MISSING, false).decide().reason())
        .isEqualTo("runs unconfined: sandbox.mode is off");
  }

  @Test
  void aMissingForwarderMakesTheNetworkedSandboxUnavailable() {
    SandboxFixture.assumeBubblewrap();
    OsSandbox noSocat = OsSandbox.bubblewrap(Path.of("/usr/bin/bwrap"), null);
    assertThat(new SandboxCheck(SandboxMode.REQUIRED, noSocat, false).decide().rule())
        .isEqualTo(SandboxCheck.RULE_CONFINED);
    Decision d = new SandboxCheck(SandboxMode.REQUIRED, noSocat, true).decide();
    assertThat(d.rule()).isEqualTo("sandbox.unavailable");
    assertThat(d.reason()).contains("socat");
  }
}
