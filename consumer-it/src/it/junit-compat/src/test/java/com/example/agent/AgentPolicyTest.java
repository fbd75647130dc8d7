package com.example.agent;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.test.AgentGuardExtension;
import dev.agentguard.test.RecordingListener;
import dev.agentguard.test.ScriptedApprover;
import dev.agentguard.test.ToolCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test kit's extension, parameters, assertions and scripted approver, as a user writes them. */
class AgentPolicyTest {
  @RegisterExtension
  static final AgentGuardExtension GUARD = AgentGuardExtension.withPolicy("agent-guard.yaml")
      .host("api.github.com", "140.82.112.5");

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
    assertEquals(1, events.denials().size());
  }
}
