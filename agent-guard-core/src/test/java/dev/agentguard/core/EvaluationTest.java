package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.policy.Mode;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

  @TempDir Path workspace;

  private AgentGuard guard(Policy policy) {
    return AgentGuard.builder().policy(policy).workspace(workspace).build();
  }

  @Test
  void unknownToolsGetTheDefault() {
    Evaluation e = guard(Policy.builder().unknownTool(Verdict.DENY).build()).evaluate(ToolCall.of("mystery", "{}"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().rule()).isEqualTo("defaults.unknownTool");
    assertThat(e.decision().check()).isEqualTo("tools");
  }

  @Test
  void invalidJsonIsDenied() {
    Evaluation e = guard(Policy.denyAll()).evaluate(ToolCall.of("t", "{\"a\":"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().rule()).isEqualTo("input.invalid-json");
  }

  @Test
  void argumentsThatAreNotAnObjectAreDenied() {
    assertThat(guard(Policy.denyAll()).evaluate(ToolCall.of("t", "[1,2]")).decision().rule())
        .isEqualTo("input.invalid-json");
    assertThat(guard(Policy.denyAll()).evaluate(ToolCall.of("t", "{} {}")).decision().rule())
        .isEqualTo("input.invalid-json");
  }

  @Test
  void duplicateKeysAreDeniedBecauseToolsMayReadTheOtherOne() {
    Policy policy = Policy.builder().tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path"))).build();
    Evaluation e = guard(policy).evaluate(ToolCall.of("read_file", "{\"path\":\"a\",\"path\":\"/etc/passwd\"}"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().reason()).contains("Duplicate field");
  }

  @Test
  void oversizedArgumentsAreDeniedWithoutParsing() {
    AgentGuard guard = AgentGuard.builder().limits(GuardLimits.DEFAULTS.withMaxArgumentBytes(100)).build();
    Evaluation e = guard.evaluate(ToolCall.of("t", "{\"a\":\"" + "x".repeat(200) + "\"}"));
    assertThat(e.decision().rule()).isEqualTo("input.too-large");
  }

  @Test
  void tenMegabyteArgumentsAreDeniedByDefault() {
    String huge = "{\"a\":\"" + "x".repeat(10 << 20) + "\"}";
    assertThat(guard(Policy.denyAll()).evaluate(ToolCall.of("t", huge)).decision().rule())
        .isEqualTo("input.too-large");
  }

  @Test
  void controlCharactersInToolNamesAreDenied() {
    assertThat(guard(Policy.denyAll()).evaluate(ToolCall.of("read\u0000file", "{}")).decision().rule())
        .isEqualTo("input.invalid-tool-name");
    assertThat(guard(Policy.denyAll()).evaluate(ToolCall.of("", "{}")).decision().rule())
        .isEqualTo("input.invalid-tool-name");
  }

  @Test
  void aMissingDescribedArgumentIsDenied() {
    Policy policy = Policy.builder().tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path"))).build();
    Evaluation e = guard(policy).evaluate(ToolCall.of("read_file", "{\"file\":\"/etc/passwd\"}"));
    assertThat(e.decision().rule()).isEqualTo("input.missing-argument");
  }

  @Test
  void aDescribedArgumentOfTheWrongTypeIsDenied() {
    Policy policy = Policy.builder().tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path"))).build();
    assertThat(guard(policy).evaluate(ToolCall.of("read_file", "{\"path\":[\"a\"]}")).decision().rule())
        .isEqualTo("input.invalid-argument");
  }

  @Test
  void wildcardPointersYieldOneResourcePerElement() {
    Policy policy = Policy.builder().tool(ToolDescriptor.of("cat", ResourceSpec.fileRead("/paths/*"))).build();
    Evaluation e = guard(policy).evaluate(ToolCall.of("cat", "{\"paths\":[\"a\",\"b\",\"c\"]}"));
    assertThat(e.resources()).hasSize(3);
  }

  @Test
  void toolRulesFirstMatchWinsWithinTheStrictestTier() {
    Policy policy = Policy.builder()
        .rule(ToolRule.of("allow-deploys", "deploy_*", Verdict.ALLOW, "fine"))
        .rule(ToolRule.of("ask-prod", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .rule(ToolRule.of("ask-again", "deploy_*", Verdict.ASK, "second"))
        .build();
    Evaluation e = guard(policy).evaluate(ToolCall.of("deploy_web", "{}"));
    assertThat(e.verdict()).isEqualTo(Verdict.ASK);
    assertThat(e.decision().rule()).isEqualTo("ask-prod");
    assertThat(e.decisionsOf("tools")).hasSize(3);
  }

  @Test
  void argumentConditionsMatchByRegex() {
    Policy policy = Policy.builder()
        .rule(new ToolRule("no-db-drop", "sql", new ToolRule.ArgumentCondition("/query", "(?i)\\bdrop\\b"),
            Verdict.DENY, "dropping tables is forbidden", List.of(), List.of()))
        .rule(ToolRule.of("sql-ok", "sql", Verdict.ALLOW, "read queries are fine"))
        .build();
    AgentGuard guard = guard(policy);
    assertThat(guard.evaluate(ToolCall.of("sql", "{\"query\":\"DROP TABLE users\"}")).decision().rule())
        .isEqualTo("no-db-drop");
    assertThat(guard.evaluate(ToolCall.of("sql", "{\"query\":\"SELECT 1\"}")).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void catastrophicRegexesFailClosed() {
    Policy policy = Policy.builder()
        .rule(new ToolRule("evil-regex", "t", new ToolRule.ArgumentCondition("/q", "^(a+)+$"),
            Verdict.ALLOW, "", List.of(), List.of()))
        .unknownTool(Verdict.ALLOW)
        .build();
    Evaluation e = guard(policy).evaluate(ToolCall.of("t", "{\"q\":\"" + "a".repeat(5000) + "!\"}"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().reason()).contains("too costly");
  }

  @Test
  void auditModeDecidesButDoesNotEnforce() throws Exception {
    Policy policy = Policy.builder().mode(Mode.AUDIT).unknownTool(Verdict.DENY).build();
    AgentGuard guard = guard(policy);
    Evaluation e = guard.evaluate(ToolCall.of("mystery", "{}"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.enforced()).isFalse();
    assertThat(guard.wrap(call -> dev.agentguard.api.ToolResult.of("ran")).execute(ToolCall.of("mystery", "{}"))
        .content()).isEqualTo("ran");
  }
}
