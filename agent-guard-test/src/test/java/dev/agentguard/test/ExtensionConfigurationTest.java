package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** Builds fixtures the way the extension does, to test its configuration paths without a nested engine. */
class ExtensionConfigurationTest {

  @Test
  void aPolicyObjectAndACustomizer() throws Exception {
    Policy policy = Policy.builder()
        .root("${workspace}", FileSystemRules.RootAccess.READ)
        .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path")))
        .unknownTool(Verdict.DENY)
        .build();
    RecordingListener extra = new RecordingListener();
    try (GuardFixture f = GuardFixture.create(policy, FakeClock.create(), StaticHostResolver.empty(),
        (builder, fixture) -> {
          builder.listener(extra);
          fixture.writeFile("a/b.txt", "x");
          assertThatThrownBy(fixture::guard).isInstanceOf(IllegalStateException.class);
        })) {
      assertThat(f.workspace().resolve("a/b.txt")).exists();
      assertThat(f.guard()).allows(ToolCalls.readFile("a/b.txt"));
      f.wrap(call -> dev.agentguard.api.ToolResult.of("ok")).execute(ToolCalls.readFile("a/b.txt").build());
      assertThat(extra.size()).isEqualTo(f.listener().size()).isPositive();
      assertThatThrownBy(() -> f.writeFile("../escape.txt", "x")).hasMessageContaining("outside the workspace");
    }
  }

  @Test
  void aFailingCustomizerLeavesNothingBehind() throws Exception {
    Path[] seen = new Path[1];
    assertThatThrownBy(() -> GuardFixture.create(null, FakeClock.create(), StaticHostResolver.empty(),
        (builder, fixture) -> {
          seen[0] = fixture.workspace();
          throw new IllegalStateException("boom");
        })).hasMessage("boom");
    assertThat(seen[0]).doesNotExist();
  }

  @Test
  void policyFileByPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, "{\"version\": 1, \"defaults\": {\"unknownTool\": \"allow\"}}");
    assertThat(AgentGuardExtension.withPolicyFile(file).toString()).contains("p.json");
    assertThat(AgentGuardExtension.formatOf("x.json", "")).isEqualTo(
        dev.agentguard.core.policy.PolicyLoader.Format.JSON);
    assertThat(AgentGuardExtension.formatOf("x", "{}")).isEqualTo(
        dev.agentguard.core.policy.PolicyLoader.Format.JSON);
    assertThat(AgentGuardExtension.formatOf("x.yml", "{}")).isEqualTo(
        dev.agentguard.core.policy.PolicyLoader.Format.YAML);
  }

  @Test
  void policiesLoadFromTheClasspathOrAFile(@TempDir Path dir) throws Exception {
    ClassLoader loader = getClass().getClassLoader();
    assertThat(AgentGuardExtension.loadPolicy("policies/kit-policy.yaml", loader).rules()).hasSize(3);
    assertThat(AgentGuardExtension.loadPolicy("classpath:/policies/kit-policy.yaml", loader).rules()).hasSize(3);
    Path file = dir.resolve("p.json");
    Files.writeString(file, "{\"version\": 1, \"defaults\": {\"unknownTool\": \"allow\"}}");
    assertThat(AgentGuardExtension.loadPolicy(file.toString(), loader).unknownTool()).isEqualTo(Verdict.ALLOW);
    assertThat(AgentGuardExtension.loadPolicy("file:" + file, loader).unknownTool()).isEqualTo(Verdict.ALLOW);
    assertThatThrownBy(() -> AgentGuardExtension.loadPolicy("policies/bad-policy.yaml", loader))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("the test's policy is invalid:")
        .hasMessageContaining("classpath:policies/bad-policy.yaml:4:")
        .hasMessageContaining("classpath:policies/bad-policy.yaml:7:");
    assertThatThrownBy(() -> AgentGuardExtension.loadPolicy("no/such-policy.yaml", loader))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("neither a classpath resource nor a file");
    assertThatThrownBy(() -> AgentGuardExtension.loadPolicy("file:/no/such.yaml", loader))
        .hasMessageContaining("policy file not found");
  }

  @Test
  void badConfigurationFailsEarly() {
    assertThatThrownBy(() -> AgentGuardExtension.withPolicy((String) null)).hasMessageContaining("policy");
    assertThatThrownBy(() -> new AgentGuardExtension().host("x.example", "nope"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AgentGuardExtension().customize((GuardCustomizer) null))
        .hasMessageContaining("customizer");
    AgentGuardExtension base = new AgentGuardExtension();
    assertThat(base.host("a.example", "1.2.3.4")).isNotSameAs(base);
  }

  @Test
  void theDenyAllDefault() throws Exception {
    GuardFixture f = GuardFixture.create(null, FakeClock.create(), StaticHostResolver.empty(), (b, x) -> { });
    AgentGuard guard = f.guard();
    assertThat(guard).denies(ToolCalls.call("anything")).byRule("defaults.unknownTool");
    f.close();
    f.close();
    assertThat(f.workspace()).doesNotExist();
  }
}
