package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class PolicyExamplesTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .host("api.github.com", "140.82.112.5");

  @TestFactory
  Stream<DynamicTest> yamlExamples(AgentGuard guard) {
    return PolicyExamples.fromClasspath("policies/kit-examples.yaml").against(guard);
  }

  @TestFactory
  Stream<DynamicTest> jsonLinesExamples(AgentGuard guard) {
    return PolicyExamples.fromClasspath("/policies/kit-examples.jsonl").against(guard);
  }

  @TestFactory
  Stream<DynamicTest> theWorkspaceOutlivesTheFactoryMethod(Path workspace) {
    return Stream.of(DynamicTest.dynamicTest("workspace exists while dynamic tests run",
        () -> assertThat(workspace).isDirectory()));
  }

  @Test
  void rowsCarryTheirLinesAndExpectations() {
    PolicyExamples examples = PolicyExamples.fromClasspath("policies/kit-examples.yaml");
    assertThat(examples.examples()).hasSize(13);
    PolicyExamples.Example drop = examples.examples().get(7);
    assertThat(drop.id()).isEqualTo("drop");
    assertThat(drop.line()).isEqualTo(10);
    assertThat(drop.decision()).isEqualTo(Verdict.DENY);
    assertThat(drop.expectation()).isEqualTo("deny by rule no-db-drop because \"forbidden\"");
    assertThat(PolicyExamples.fromClasspath("policies/kit-examples.jsonl").examples())
        .extracting(PolicyExamples.Example::line).containsExactly(1, 2, 4);
  }

  @Test
  void aFailingRowSaysWhichAndWhy(AgentGuard guard) {
    PolicyExamples wrong = PolicyExamples.parse(
        "- { id: ok, tool: read_file, arguments: { path: a.txt }, decision: allow }\n"
            + "- { id: env, tool: read_file, arguments: { path: .env }, decision: allow, rule: filesystem.root }\n",
        "wrong.yaml");
    assertThatThrownBy(() -> wrong.assertAll(guard))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("1 of 2 policy examples in wrong.yaml failed")
        .hasMessageContaining("example 'env' (wrong.yaml:2) expected allow by rule filesystem.root, "
            + "but the decision was deny, not allow; the rule was filesystem.deny-glob, not filesystem.root")
        .hasMessageContaining("filesystem deny  filesystem.deny-glob");
    assertThat(wrong.against(guard).map(DynamicTest::getDisplayName))
        .containsExactly("ok: read_file {\"path\":\"a.txt\"} -> allow",
            "env: read_file {\"path\":\".env\"} -> allow by rule filesystem.root");
  }

  @Test
  void cwdVariablesResolveAgainstTheGuard(AgentGuard guard, Path workspace) throws Exception {
    Files.createDirectories(workspace.resolve("sub"));
    PolicyExamples.parse("[{\"tool\":\"read_file\",\"arguments\":{\"path\":\"x\"},\"cwd\":\"sub\",\"decision\":\"allow\"},"
        + "{\"tool\":\"read_file\",\"arguments\":{\"path\":\"x\"},\"cwd\":\"${workspace}/sub\",\"decision\":\"allow\"},"
        + "{\"tool\":\"read_file\",\"arguments\":{\"path\":\"x\"},\"cwd\":\"${home}\",\"decision\":\"deny\","
        + "\"rule\":\"filesystem.cwd-outside-workspace\"}]", "cwd.json").assertAll(guard);
  }

  @Test
  void malformedTablesListEveryProblem() {
    assertThatThrownBy(() -> PolicyExamples.parse(
        "- { tool: read_file, decision: maybe }\n"
            + "- { decision: allow, colour: red }\n"
            + "- { tool: t, arguments: [1], decision: deny, rule: 7 }\n"
            + "- 42\n", "bad.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml:1: unknown decision 'maybe'")
        .hasMessageContaining("bad.yaml:2: unknown field 'colour'")
        .hasMessageContaining("bad.yaml:2: 'tool' is required")
        .hasMessageContaining("bad.yaml:3: 'arguments' must be an object")
        .hasMessageContaining("bad.yaml:3: 'rule' must be a string")
        .hasMessageContaining("bad.yaml:4: a row must be an object");
    assertThatThrownBy(() -> PolicyExamples.parse("{\"rows\": []}", "x.json"))
        .hasMessageContaining("x.json:1: unknown key 'rows'");
    assertThatThrownBy(() -> PolicyExamples.parse("{\"tool\": \"t\"\n", "x.jsonl"))
        .hasMessageContaining("x.jsonl:1: not valid JSON");
    assertThatThrownBy(() -> PolicyExamples.parse("", "empty.yaml")).hasMessageContaining("no examples");
    assertThatThrownBy(() -> PolicyExamples.parse("- [unclosed", "broken.yaml"))
        .hasMessageContaining("broken.yaml:");
    assertThatThrownBy(() -> PolicyExamples.fromClasspath("nope.yaml")).hasMessageContaining("nope.yaml");
  }

  @Test
  void readsFiles(@TempDir Path dir, AgentGuard guard) throws Exception {
    Path file = dir.resolve("examples.json");
    Files.writeString(file, "{\"examples\": [{\"tool\": \"deploy_prod\", \"decision\": \"ask\"}]}");
    PolicyExamples examples = PolicyExamples.from(file);
    assertThat(examples.examples()).singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo("line-1"));
    assertThat(examples.against(guard)).singleElement()
        .satisfies(t -> assertThat(t.getTestSourceUri()).hasValueSatisfying(
            u -> assertThat(u.toString()).endsWith("examples.json?line=1")));
    examples.assertAll(guard);
    assertThatThrownBy(() -> PolicyExamples.from(dir.resolve("missing.yaml")))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
