package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandGuardIntegrationTest {

  @TempDir Path root;
  AgentGuard guard;

  @BeforeEach
  void setUp() throws Exception {
    Path ws = Files.createDirectories(root.resolve("ws"));
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .commandRule(Verdict.ALLOW, "git", "status")
        .commandRule(Verdict.ALLOW, "ls")
        .commandRule(Verdict.ALLOW, "echo")
        .commandRule(Verdict.DENY, "rm", "-rf")
        .commandDefault(Verdict.ASK)
        .tool(ToolDescriptor.of("shell", ResourceSpec.command("/command")))
        .build();
    guard = AgentGuard.builder().policy(policy)
        .environment(GuardEnvironment.ofWorkspace(ws).withHome(Files.createDirectories(root.resolve("home"))))
        .build();
  }

  private Evaluation eval(String args) {
    return guard.evaluate(ToolCall.of("shell", args));
  }

  @Test
  void commandLinesAndArgvGoThroughTheGuard() {
    assertThat(eval("{\"command\":\"git status && ls -la\"}").verdict()).isEqualTo(Verdict.ALLOW);
    Evaluation chained = eval("{\"command\":\"ls; rm -rf /\"}");
    assertThat(chained.verdict()).isEqualTo(Verdict.DENY);
    assertThat(chained.decision().rule()).isEqualTo("commands[rm -rf]");
    assertThat(eval("{\"command\":\"echo \\\"$(rm -rf ~)\\\"\"}").decision().rule())
        .isEqualTo("command.substitution");
    assertThat(eval("{\"command\":[\"git\",\"status\"]}").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(eval("{\"command\":[\"bash\",\"-c\",\"ls && rm -rf /\"]}").verdict()).isEqualTo(Verdict.DENY);
    assertThat(eval("{\"command\":\"make\"}").verdict()).isEqualTo(Verdict.ASK);
    assertThat(eval("{\"command\":\"echo x > /etc/passwd\"}").decision().rule()).isEqualTo("command.redirect");
    String chain = "{\"command\":\"" + "make && ".repeat(60) + "make\"}";
    assertThat(eval(chain).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void guardedExecutorNeverRunsARefusedChain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ToolExecutor tool = guard.wrap(call -> {
      runs.incrementAndGet();
      return ToolResult.of("ok");
    });
    assertThatThrownBy(() -> tool.execute(ToolCall.of("shell", "{\"command\":\"git status; rm -rf /\"}")))
        .isInstanceOf(ToolCallDeniedException.class).hasMessageContaining("commands[rm -rf]");
    assertThat(runs).hasValue(0);
    tool.execute(ToolCall.of("shell", "{\"command\":\"git status\"}"));
    assertThat(runs).hasValue(1);
  }
}
