package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy's {@code mcp} section: reading, strictness, trust per server name and layering. */
class McpSectionTest {

  @TempDir Path dir;

  private static Policy yaml(String text) throws PolicyException {
    return PolicyLoader.parse(text, "p.yaml", PolicyLoader.Format.YAML);
  }

  @Test
  void leftOutNoServerIsTrusted() throws Exception {
    Policy p = yaml("version: 1\n");
    assertThat(p.mcp()).isEqualTo(McpSettings.DEFAULTS);
    assertThat(p.mcp().trusts("anything")).isFalse();
    assertThat(Policy.builder().build().mcp()).isEqualTo(McpSettings.DEFAULTS);
  }

  @Test
  void yamlAndJsonReadTheSame() throws Exception {
    Policy y = yaml(String.join("\n",
        "version: 1",
        "mcp:",
        "  trustAnnotations: true",
        "  servers:",
        "    github: { trusted: true }",
        "    \"web search\": { trusted: false }",
        ""));
    Policy j = PolicyLoader.parse("{\"version\":1,\"mcp\":{\"trustAnnotations\":true,\"servers\":{\"github\":"
        + "{\"trusted\":true},\"web search\":{\"trusted\":false}}}}", "p.json", PolicyLoader.Format.JSON);
    assertThat(j).isEqualTo(y);
    assertThat(y.mcp().servers()).containsExactly(Map.entry("github", true), Map.entry("web search", false));
    assertThat(y.mcp().trusts("github")).isTrue();
    assertThat(y.mcp().trusts("web search")).as("an entry wins over trustAnnotations").isFalse();
    assertThat(y.mcp().trusts("other")).as("no entry: trustAnnotations").isTrue();
  }

  @Test
  void anEntryTrustsOnlyThatNameAndNamesAreExact() throws Exception {
    Policy p = yaml("version: 1\nmcp: { servers: { github: { trusted: true } } }\n");
    assertThat(p.mcp().trusts("github")).isTrue();
    assertThat(p.mcp().trusts("GitHub")).isFalse();
    assertThat(p.mcp().trusts("github ")).isFalse();
    assertThat(p.mcp().trusts("fs")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mcp: { trust: true }|2:8: unknown key 'trust' in mcp (expected one of: trustAnnotations, servers)",
      "mcp: { trustAnnotations: yes }|2:26: mcp.trustAnnotations must be true or false, got 'yes'",
      "mcp: { trustAnnotations: \"true\" }|2:26: mcp.trustAnnotations must be true or false, got a string",
      "mcp: { servers: { fs: { trusted: 1 } } }|2:34: mcp.servers.fs.trusted must be true or false, got a number",
      "mcp: { servers: { fs: {} } }|2:23: missing key 'trusted' in mcp.servers.fs (expected trusted: true or false)",
      "mcp: { servers: { fs: { trusted: true, hints: all } } }|2:40: unknown key 'hints' in mcp.servers.fs"
          + " (expected one of: trusted)",
      "mcp: { servers: { fs: true } }|2:23: mcp.servers.fs must be an object, got a boolean",
      "mcp: { servers: [fs] }|2:17: mcp.servers must be an object, got a list",
      "mcp: true|2:6: mcp must be an object, got a boolean",
      "mcp: { servers: { \" \": { trusted: true } } }|2:19: mcp.servers: an MCP server name must be 1 to 200"
          + " characters and not blank"})
  void badSectionsAreRefusedWithFileLineAndColumn(String section, String error) {
    assertThatThrownBy(() -> yaml("version: 1\n" + section + "\n"))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).errors()).extracting(Object::toString)
            .containsExactly("p.yaml:" + error));
  }

  @Test
  void namesWithControlCharactersAreRefused() {
    assertThatThrownBy(() -> PolicyLoader.parse(
        "{\"version\":1,\"mcp\":{\"servers\":{\"fs\\u0007\":{\"trusted\":true}}}}", "p.json",
        PolicyLoader.Format.JSON))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.json:1:")
        .hasMessageContaining("must not hold control or format characters");
    assertThatThrownBy(() -> new McpSettings(false, Map.of("a\u200bb", true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLaterLayerMayWithdrawTrustButNeverGrantIt() throws Exception {
    Path trustsAll = layer("a.yaml", "mcp: { trustAnnotations: true, servers: { web: { trusted: false } } }");
    Path trustsGithub = layer("b.yaml", "mcp: { servers: { github: { trusted: true } } }");
    Path withdrawsAll = layer("c.yaml", "mcp: { trustAnnotations: false }");
    Path silent = layer("d.yaml", "mode: enforce");
    Path trustsWeb = layer("e.yaml", "mcp: { servers: { web: { trusted: true } } }");

    McpSettings kept = PolicyLoader.compose(List.of(trustsAll, silent)).policy().mcp();
    assertThat(kept.trusts("github")).isTrue();
    assertThat(kept.trusts("web")).isFalse();

    ComposedPolicy narrowed = PolicyLoader.compose(List.of(trustsAll, trustsGithub, withdrawsAll));
    assertThat(narrowed.policy().mcp().trusts("github")).as("trusted by every layer that names it").isFalse();
    assertThat(narrowed.policy().mcp().trusts("fs")).isFalse();
    assertThat(narrowed.warnings()).isEmpty();

    ComposedPolicy githubOnly = PolicyLoader.compose(List.of(trustsAll, trustsGithub,
        layer("f.yaml", "mcp: { trustAnnotations: false, servers: { github: { trusted: true } } }")));
    assertThat(githubOnly.policy().mcp().trusts("github")).isTrue();
    assertThat(githubOnly.policy().mcp().trusts("fs")).isFalse();

    ComposedPolicy loosened = PolicyLoader.compose(List.of(trustsAll, trustsWeb));
    assertThat(loosened.policy().mcp().trusts("web")).isFalse();
    assertThat(loosened.warnings()).anyMatch(w -> w.contains("mcp.servers.web.trusted: true would trust a server"));

    ComposedPolicy fromNothing = PolicyLoader.compose(List.of(silent,
        layer("g.yaml", "mcp: { trustAnnotations: true }")));
    assertThat(fromNothing.policy().mcp().trusts("fs")).isFalse();
    assertThat(fromNothing.warnings()).anyMatch(w -> w.contains("mcp.trustAnnotations: true would trust servers"));
  }

  @Test
  void layersBuiltInCodeWithoutTheSectionSayNothing() {
    Policy base = Policy.builder().mcp(new McpSettings(true, Map.of())).build();
    Policy code = Policy.builder().build();
    assertThat(ComposedPolicy.compose(List.of(base, code), List.of("a", "b")).policy().mcp().trusts("x")).isTrue();
    Policy withdraws = Policy.builder().mcp(new McpSettings(false, Map.of("x", true))).build();
    McpSettings composed = ComposedPolicy.compose(List.of(base, withdraws), List.of("a", "b")).policy().mcp();
    assertThat(composed.trusts("x")).isTrue();
    assertThat(composed.trusts("y")).isFalse();
  }

  @Test
  void copiesKeepTheSection() throws Exception {
    Policy p = yaml("version: 1\nmcp: { trustAnnotations: true }\n");
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(p.withSandbox(SandboxSettings.DEFAULTS).mcp()).isEqualTo(p.mcp());
    assertThat(p.withMcp(McpSettings.DEFAULTS).mcp().trustAnnotations()).isFalse();
  }

  private Path layer(String name, String body) throws Exception {
    return Files.writeString(dir.resolve(name), "version: 1\n" + body + "\n");
  }
}
