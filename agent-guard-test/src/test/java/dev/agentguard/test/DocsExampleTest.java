package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example of the README's "Testing your agent" section, verbatim but for the policy's name, so the documentation keeps compiling. */
class DocsExampleTest {
  @RegisterExtension
  static final AgentGuardExtension GUARD = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .host("api.github.com", "140.82.112.5");          // DNS for this test; other names fail to resolve

  @Test
  void neverReadsDotEnv(AgentGuard guard) {
    assertThat(guard).allows(ToolCalls.readFile("README.md"));
    assertThat(guard).denies(ToolCalls.readFile("config/../.env")).byRule("filesystem.deny-glob");
    assertThat(guard).denies(ToolCalls.call("sql").arg("query", "DROP TABLE users")).byRule("no-db-drop");
  }

  @Test
  void deployRunsOnlyAfterApproval(AgentGuard guard, ScriptedApprover approver, RecordingListener events)
      throws Exception {
    ToolExecutor deploy = guard.wrap(call -> ToolResult.of("deployed"));
    approver.approveNext(1);
    assertEquals("deployed", deploy.execute(ToolCalls.call("deploy_prod").arg("version", "1.2.3").build()).content());
    assertThrows(ToolCallDeniedException.class, () -> deploy.execute(ToolCalls.call("deploy_prod").build()));
    assertEquals(1, events.denials().size());          // unscripted approvals are denied: tests fail closed
  }
}
