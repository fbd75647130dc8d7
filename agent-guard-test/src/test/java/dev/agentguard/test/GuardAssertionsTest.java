package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Mode;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class GuardAssertionsTest {

  @TempDir Path workspace;
  AgentGuard guard;

  @BeforeEach
  void setUp() {
    guard = AgentGuard.builder().policy(policy(Mode.ENFORCE)).workspace(workspace).build();
  }

  private static Policy policy(Mode mode) {
    return Policy.builder()
        .mode(mode)
        .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
        .denyPath("**/.env")
        .tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")))
        .rule(new ToolRule("no-db-drop", "sql", new ToolRule.ArgumentCondition("/query", "(?i)\\bdrop\\b"),
            Verdict.DENY, "dropping tables is forbidden", List.of(), List.of()))
        .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .unknownTool(Verdict.ALLOW)
        .build();
  }

  @Test
  void passingAssertionsChain() {
    assertThat(guard)
        .allows(ToolCalls.readFile("README.md")).byRule("filesystem.root").byCheck("filesystem")
        .checkedBy("filesystem", Verdict.ALLOW)
        .touches(new Resource.FileAccess("README.md", Access.READ))
        .isEnforced()
        .and()
        .denies(ToolCalls.call("sql").arg("query", "DROP TABLE users")).byRule("no-db-drop").because("forbidden")
        .and()
        .asks(ToolCalls.call("deploy_prod")).because("sign-off").byRule("deploys-need-signoff").byCheck("tools")
        .and()
        .denies(ToolCalls.readFile(".env").build()).byRule("filesystem.deny-glob")
        .and()
        .decides(ToolCalls.call("sql").arg("query", "SELECT 1").build(), Verdict.ALLOW);
  }

  @Test
  void failureExplainsTheDecision() {
    assertThatThrownBy(() -> assertThat(guard).allows(ToolCalls.readFile(".env")))
        .isInstanceOfSatisfying(AssertionFailedError.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.getExpected().getValue()).isEqualTo("allow");
          org.assertj.core.api.Assertions.assertThat(e.getActual().getValue()).isEqualTo("deny");
        })
        .hasMessageContaining("Expected the guard to allow the call, but it was denied")
        .hasMessageContaining("call:     read_file {\"path\":\".env\"}")
        .hasMessageContaining("decision: deny by filesystem/filesystem.deny-glob")
        .hasMessageContaining("every check's verdict:")
        .hasMessageContaining("filesystem deny  filesystem.deny-glob")
        .hasMessageContaining("tools      allow")
        .hasMessageContaining("file read .env");
  }

  @Test
  void wrongRuleReasonOrCheckFail() {
    var denied = assertThat(guard).denies(ToolCalls.call("sql").arg("query", "drop table x"));
    assertThatThrownBy(() -> denied.byRule("other-rule"))
        .hasMessageContaining("Expected the decision to be made by rule 'other-rule', but it was made by 'no-db-drop'")
        .hasMessageContaining("sql {\"query\":\"drop table x\"}");
    assertThatThrownBy(() -> denied.because("nope"))
        .hasMessageContaining("Expected the reason to contain \"nope\", but it was \"dropping tables is forbidden\"");
    assertThatThrownBy(() -> denied.byCheck("network"))
        .hasMessageContaining("made by the tools check");
    assertThatThrownBy(() -> denied.checkedBy("network", Verdict.ALLOW))
        .hasMessageContaining("Expected the network check to judge the call, but it did not");
    assertThatThrownBy(() -> denied.isNotEnforced()).hasMessageContaining("it is enforced");
    assertThatThrownBy(() -> assertThat(guard).asks(ToolCalls.call("sql").arg("query", "drop")))
        .hasMessageContaining("Expected the guard to ask for approval of the call, but it was denied");
    assertThatThrownBy(() -> assertThat(guard).denies(ToolCalls.call("deploy_x")))
        .hasMessageContaining("but it was held for approval");
  }

  @Test
  void auditModeIsVisible() {
    AgentGuard audit = AgentGuard.builder().policy(policy(Mode.AUDIT)).workspace(workspace).build();
    assertThat(audit).denies(ToolCalls.readFile(".env")).isNotEnforced();
    assertThatThrownBy(() -> assertThat(audit).denies(ToolCalls.readFile(".env")).isEnforced())
        .hasMessageContaining("audit mode");
  }

  @Test
  void evaluationAndDecisionAssertions() {
    var evaluation = guard.evaluate(ToolCalls.readFile(".env").build());
    assertThat(evaluation).isDenied().byRule("filesystem.deny-glob");
    assertThatThrownBy(() -> assertThat(evaluation).and()).isInstanceOf(IllegalStateException.class);
    Decision d = Decision.deny("approval", "approval.timeout", "approval failed closed: no answer within PT1S");
    assertThat(d).isDeny().byRule("approval.timeout").byCheck("approval").because("no answer");
    assertThatThrownBy(() -> assertThat(d).isAllow())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("decision: deny by approval/approval.timeout: approval failed closed");
    assertThatThrownBy(() -> assertThat(d).byRule("x")).hasMessageContaining("'approval.timeout'");
    assertThatThrownBy(() -> assertThat(d).because("x")).hasMessageContaining("approval failed closed");
    assertThatThrownBy(() -> assertThat(d).byCheck("x")).hasMessageContaining("approval check");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> assertThat((AgentGuard) null)).hasMessageContaining("guard");
    assertThatThrownBy(() -> assertThat(guard).allows((dev.agentguard.api.ToolCall) null))
        .hasMessageContaining("call");
    assertThatThrownBy(() -> assertThat(guard).allows(ToolCalls.readFile("a")).byRule(null))
        .hasMessageContaining("ruleId");
  }
}
