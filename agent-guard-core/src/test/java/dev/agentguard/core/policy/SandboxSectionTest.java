package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxSectionTest {

  @ParameterizedTest
  @ValueSource(strings = {"required", "preferred", "off"})
  void everyModeLoadsFromYamlAndJson(String mode) throws Exception {
    Policy yaml = PolicyLoader.parse("version: 1\nsandbox: { mode: " + mode + " }\n", "p.yaml",
        PolicyLoader.Format.YAML);
    Policy json = PolicyLoader.parse("{\"version\": 1, \"sandbox\": {\"mode\": \"" + mode + "\"}}", "p.json",
        PolicyLoader.Format.JSON);
    assertThat(yaml.sandbox().mode()).isEqualTo(SandboxMode.fromLabel(mode));
    assertThat(json).isEqualTo(yaml);
  }

  @Test
  void theDefaultIsRequired() throws Exception {
    Policy p = PolicyLoader.parse("version: 1\n", "p.yaml", PolicyLoader.Format.YAML);
    assertThat(p.sandbox()).isEqualTo(SandboxSettings.DEFAULTS);
    assertThat(p.sandbox().mode()).isEqualTo(SandboxMode.REQUIRED);
    assertThat(Policy.builder().build().sandbox().mode()).isEqualTo(SandboxMode.REQUIRED);
  }

  @Test
  void badSectionsAreErrorsWithLineAndColumn() {
    assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nsandbox: { mode: maybe }\n", "p.yaml",
        PolicyLoader.Format.YAML))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.yaml:2:")
        .hasMessageContaining("unknown sandbox mode 'maybe': expected required, preferred or off");
    assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nsandbox: { mode: off, net: none }\n", "p.yaml",
        PolicyLoader.Format.YAML))
        .isInstanceOf(PolicyException.class).hasMessageContaining("unknown key 'net' in sandbox");
    assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nsandbox: {}\n", "p.yaml", PolicyLoader.Format.YAML))
        .isInstanceOf(PolicyException.class).hasMessageContaining("missing key 'mode' in sandbox");
    assertThatThrownBy(() -> PolicyLoader.parse("version: 1\nsandbox: required\n", "p.yaml",
        PolicyLoader.Format.YAML))
        .isInstanceOf(PolicyException.class).hasMessageContaining("sandbox must be an object");
  }

  @Test
  void aLaterLayerMayOnlyTightenTheMode() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("layers");
    java.nio.file.Path off = java.nio.file.Files.writeString(dir.resolve("a.yaml"),
        "version: 1\nsandbox: { mode: off }\n");
    java.nio.file.Path required = java.nio.file.Files.writeString(dir.resolve("b.yaml"),
        "version: 1\nsandbox: { mode: required }\n");
    java.nio.file.Path preferred = java.nio.file.Files.writeString(dir.resolve("c.yaml"),
        "version: 1\nsandbox: { mode: preferred }\n");
    assertThat(PolicyLoader.compose(List.of(off, preferred)).policy().sandbox().mode())
        .isEqualTo(SandboxMode.PREFERRED);
    ComposedPolicy loosened = PolicyLoader.compose(List.of(required, preferred));
    assertThat(loosened.policy().sandbox().mode()).isEqualTo(SandboxMode.REQUIRED);
    assertThat(loosened.warnings()).anyMatch(w -> w.contains("sandbox.mode: preferred is looser"));
  }
}
