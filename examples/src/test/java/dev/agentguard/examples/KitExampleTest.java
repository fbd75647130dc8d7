package dev.agentguard.examples;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.test.AgentGuardExtension;
import dev.agentguard.test.PolicyExamples;
import dev.agentguard.test.RecordingListener;
import dev.agentguard.test.ScriptedApprover;
import dev.agentguard.test.ToolCalls;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Testing an agent's policy with the test kit (agent-guard-test): the example policy, examples/policy/agent-guard.yaml,
 * gets a fresh guard per test with a temporary workspace, fixed DNS answers, a scripted approver and a recorder.
 */
class KitExampleTest {

  @RegisterExtension
  static final AgentGuardExtension GUARD = AgentGuardExtension.withPolicyFile(Path.of("policy/agent-guard.yaml"))
      .host("api.github.com", "140.82.112.5")
      .workspaceFile("README.md", "# my project");

  @Test
  void thePolicyNeverLetsTheAgentReadDotEnv(AgentGuard guard) {
    assertThat(guard).allows(ToolCalls.readFile("README.md"));
    assertThat(guard).denies(ToolCalls.readFile(".env")).byRule("filesystem.deny-glob");
    assertThat(guard).denies(ToolCalls.readFile("config/../.env")).byRule("filesystem.deny-glob");
    assertThat(guard).denies(ToolCalls.call("sql").arg("query", "DROP TABLE users")).byRule("no-db-drop");
  }

  @Test
  void aDeployRunsOnlyAfterApproval(AgentGuard guard, ScriptedApprover approver, RecordingListener events)
      throws Exception {
    ToolExecutor deploy = guard.wrap(call -> ToolResult.of("deployed"));
    ToolCall call = ToolCalls.call("deploy_prod").arg("version", "1.2.3").rationale("tests are green").build();

    approver.approveNext(1);
    assertThat(deploy.execute(call).content()).isEqualTo("deployed");
    assertThat(approver.lastRequest().rationale()).contains("tests are green");

    approver.denyNext(1, "change freeze");
    assertThatThrownBy(() -> deploy.execute(call)).isInstanceOf(ToolCallDeniedException.class)
        .hasMessageContaining("change freeze");
    assertThat(events.denials()).hasSize(1);
  }

  @TestFactory
  Stream<DynamicTest> policyExamples(AgentGuard guard) {
    return PolicyExamples.from(Path.of("policy/agent-guard.examples.yaml")).against(guard);
  }
}
