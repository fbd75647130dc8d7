package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentguard.api.Access;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every construct of the policy file (docs/policy-file.md) loads from YAML and from the equivalent JSON into equal models. */
class PolicyRoundTripTest {

  @TempDir Path dir;

  static String resource(String name) throws IOException {
    try (InputStream in = PolicyRoundTripTest.class.getResourceAsStream("/policy/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Policy fullModel() {
    return Policy.builder()
        .mode(Mode.AUDIT)
        .unknownTool(Verdict.DENY)
        .root("${workspace}", RootAccess.READ_WRITE)
        .root("/usr/share/dict", RootAccess.READ)
        .root("${tmp}/scratch", RootAccess.READ_WRITE)
        .denyPath("**/.env")
        .denyPath("**/.git/hooks/**")
        .denyPath("${home}/.ssh/**")
        .protectPath("**/secrets/**")
        .outsideRoots(Verdict.ASK)
        .schemes("https", "http")
        .allowHost("api.github.com")
        .allowHost("*.example.com", 443, 8443)
        .allowCidr("10.20.0.0/16")
        .networkOutside(Verdict.ASK)
        .commandRule(Verdict.ALLOW, "git", "status")
        .commandRule(Verdict.DENY, "rm", "-rf")
        .commandRule(new CommandRule("no-push", List.of("git", "push"), Verdict.ASK, "pushes are reviewed"))
        .commandDefault(Verdict.DENY)
        .tool(new ToolDescriptor("read_file", List.of(new ResourceSpec(ResourceKind.FILE, "/path", Access.READ))))
        .tool(new ToolDescriptor("write_file",
            List.of(new ResourceSpec(ResourceKind.FILE, "/path", Access.WRITE))))
        .tool(new ToolDescriptor("fetch", List.of(new ResourceSpec(ResourceKind.URL, "/url", null))))
        .tool(new ToolDescriptor("shell", List.of(new ResourceSpec(ResourceKind.COMMAND, "/command", null))))
        .tool(new ToolDescriptor("copy", List.of(
            new ResourceSpec(ResourceKind.FILE, "/from", Access.READ),
            new ResourceSpec(ResourceKind.FILE, "/to/*", Access.WRITE))))
        .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .rule(new ToolRule("no-db-drop", "sql", new ToolRule.ArgumentCondition("/query", "(?i)\\bdrop\\b"),
            Verdict.DENY, "", List.of("{\"query\":\"DROP TABLE users\"}"), List.of("{\"query\":\"SELECT 1\"}")))
        .rule(ToolRule.of("status-ok", "status", Verdict.ALLOW, ""))
        .approvalTimeout(Duration.ofSeconds(90))
        .build();
  }

  @Test
  void everyConstructLoadsFromYamlAndJsonIntoTheSameModel() throws Exception {
    Policy yaml = PolicyLoader.parse(resource("full.yaml"), "full.yaml", PolicyLoader.Format.YAML);
    Policy json = PolicyLoader.parse(resource("full.json"), "full.json", PolicyLoader.Format.JSON);
    assertThat(yaml).isEqualTo(json);
    assertThat(yaml).isEqualTo(fullModel());
  }

  @Test
  void filesLoadByExtensionAndByContent() throws Exception {
    Path y = Files.writeString(dir.resolve("p.yml"), resource("full.yaml"));
    Path j = Files.writeString(dir.resolve("p.json"), resource("full.json"));
    Path noExtension = Files.writeString(dir.resolve("policy"), resource("full.json"));
    Path bom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + resource("full.yaml"));
    assertThat(PolicyLoader.load(y)).isEqualTo(fullModel());
    assertThat(PolicyLoader.load(j)).isEqualTo(fullModel());
    assertThat(PolicyLoader.load(noExtension)).isEqualTo(fullModel());
    assertThat(PolicyLoader.load(bom)).isEqualTo(fullModel());
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "design-example.yaml"})
  void anyYamlPolicyConvertedToJsonLoadsEqual(String name) throws Exception {
    String yamlText = resource(name);
    JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yamlText);
    String jsonText = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    Policy fromYaml = PolicyLoader.parse(yamlText, name, PolicyLoader.Format.YAML);
    Policy fromJson = PolicyLoader.parse(jsonText, name + ".json", PolicyLoader.Format.JSON);
    assertThat(fromJson).isEqualTo(fromYaml);
  }

  @Test
  void theDesignExampleLoadsAsDocumented() throws Exception {
    Policy p = PolicyLoader.parse(resource("design-example.yaml"), "p.yaml", PolicyLoader.Format.YAML);
    assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.unknownTool()).isEqualTo(Verdict.ASK);
    assertThat(p.filesystem().roots()).hasSize(2);
    assertThat(p.filesystem().outsideRoots()).isEqualTo(Verdict.DENY);
    assertThat(p.network().schemes()).containsExactly("https");
    assertThat(p.network().allow()).hasSize(3);
    assertThat(p.commands().defaultDecision()).isEqualTo(Verdict.ASK);
    assertThat(p.tools()).containsOnlyKeys("read_file", "write_file", "fetch", "shell");
    assertThat(p.rules()).extracting(ToolRule::id).containsExactly("deploys-need-signoff", "no-db-drop");
    assertThat(p.approvals().timeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anEmptyPolicyHasTheDocumentedDefaults() throws Exception {
    Policy p = PolicyLoader.parse("version: 1\n", "p.yaml", PolicyLoader.Format.YAML);
    assertThat(p).isEqualTo(Policy.builder().build());
    assertThat(PolicyLoader.parse("{\"version\": 1}", "p.json", PolicyLoader.Format.JSON)).isEqualTo(p);
    assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.unknownTool()).isEqualTo(Verdict.ASK);
    assertThat(p.filesystem().outsideRoots()).isEqualTo(Verdict.DENY);
    assertThat(p.network().schemes()).containsExactly("https");
    assertThat(p.network().outside()).isEqualTo(Verdict.DENY);
    assertThat(p.commands().defaultDecision()).isEqualTo(Verdict.ASK);
  }

  @Test
  void durationsInEverySpelling() throws Exception {
    for (String[] c : new String[][] {{"250ms", "PT0.25S"}, {"30s", "PT30S"}, {"5m", "PT5M"}, {"2h", "PT2H"},
        {"1d", "PT24H"}, {"PT10M", "PT10M"}}) {
      Policy p = PolicyLoader.parse("version: 1\napprovals: { timeout: " + c[0] + " }\n", "p.yaml",
          PolicyLoader.Format.YAML);
      assertThat(p.approvals().timeout()).as(c[0]).isEqualTo(Duration.parse(c[1]));
    }
  }

  @Test
  void theExamplePolicyShippedWithTheProjectLoads() throws Exception {
    Path example = Path.of("..", "examples", "policy", "agent-guard.yaml");
    if (Files.exists(example)) {
      assertThat(PolicyLoader.load(example)).isNotNull();
    }
  }
}
