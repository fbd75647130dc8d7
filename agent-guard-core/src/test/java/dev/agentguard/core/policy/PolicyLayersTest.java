package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.net.HostResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering: the known ways an overlay could loosen a base, each refused and reported. */
class PolicyLayersTest {

  @TempDir Path dir;
  private GuardEnvironment env;

  private static final String TOOLS = """
      tools:
        read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }
        write_file: { resources: [ { kind: file, access: write, pointer: /path } ] }
        fetch:      { resources: [ { kind: url, pointer: /url } ] }
        shell:      { resources: [ { kind: command, pointer: /command } ] }
      """;

  @BeforeEach
  void setUp() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.createDirectories(ws.resolve("src/main"));
    Files.createDirectories(ws.resolve("docs"));
    env = new GuardEnvironment(ws, Files.createDirectories(dir.resolve("home")).toRealPath(),
        Files.createDirectories(dir.resolve("tmp")).toRealPath());
  }

  private ComposedPolicy compose(String base, String overlay) throws Exception {
    Path b = Files.writeString(dir.resolve("base.yaml"), "version: 1\n" + base);
    Path o = Files.writeString(dir.resolve("overlay.yaml"), "version: 1\n" + overlay);
    return PolicyLoader.compose(List.of(b, o));
  }

  private Verdict verdict(Policy p, String tool, String args) {
    AgentGuard guard = AgentGuard.builder().policy(p).environment(env)
        .hostResolver(HostResolver.fixed(Map.of("api.example.com", List.of("93.184.216.34")))).build();
    return guard.evaluate(ToolCall.of(tool, args)).verdict();
  }

  private String file(String rel) {
    return "{\"path\":\"" + env.workspace().resolve(rel) + "\"}";
  }

  @Test
  void anOverlayAskRuleDoesNotLoosenTheBaseUnknownToolDeny() throws Exception {
    ComposedPolicy c = compose("defaults: { unknownTool: deny }\n",
        "rules: [ { id: deploys-ask, tool: \"deploy_*\", decision: ask } ]\n");
    assertThat(verdict(c.policy(), "deploy_prod", "{}")).isEqualTo(Verdict.DENY);
    // where the base already allowed, the overlay's ask applies
    ComposedPolicy c2 = compose("defaults: { unknownTool: allow }\n",
        "rules: [ { id: deploys-ask, tool: \"deploy_*\", decision: ask } ]\n");
    assertThat(verdict(c2.policy(), "deploy_prod", "{}")).isEqualTo(Verdict.ASK);
    assertThat(verdict(c2.policy(), "other", "{}")).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void anOverlayAskCommandRuleDoesNotLoosenTheBaseDefaultDeny() throws Exception {
    ComposedPolicy c = compose("commands: { default: deny }\n" + TOOLS,
        "commands: { rules: [ { prefix: [git, status], decision: ask } ] }\n");
    assertThat(verdict(c.policy(), "shell", "{\"command\":\"git status\"}")).isEqualTo(Verdict.DENY);
    ComposedPolicy c2 = compose("commands: { rules: [ { prefix: [git], decision: allow } ], default: deny }\n"
        + TOOLS, "commands: { rules: [ { prefix: [git, push], decision: ask } ] }\n");
    assertThat(verdict(c2.policy(), "shell", "{\"command\":\"git push\"}")).isEqualTo(Verdict.ASK);
    assertThat(verdict(c2.policy(), "shell", "{\"command\":\"git status\"}")).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void narrowingAReadWriteRootToReadOnlyKeepsWritesDenied() throws Exception {
    ComposedPolicy c = compose("""
        filesystem:
          roots: [ { path: "${workspace}", access: read-write } ]
          outsideRoots: ask
        """ + TOOLS, """
        filesystem:
          roots: [ { path: "${workspace}", access: read } ]
          outsideRoots: ask
        """);
    assertThat(verdict(c.policy(), "write_file", file("a.txt"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(c.policy(), "read_file", file("a.txt"))).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void narrowingAReadOnlyRootKeepsWritesDeniedWhereTheBaseDeniedThem() throws Exception {
    ComposedPolicy c = compose("""
        filesystem:
          roots: [ { path: "${workspace}", access: read } ]
          outsideRoots: ask
        """ + TOOLS, """
        filesystem:
          roots: [ { path: "${workspace}/src", access: read } ]
        """);
    // base: a write inside a read-only root is denied; composed: outside every root, but still denied
    assertThat(verdict(c.policy(), "write_file", file("docs/a.md"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(c.policy(), "read_file", file("docs/a.md"))).isEqualTo(Verdict.ASK);
    assertThat(verdict(c.policy(), "read_file", file("src/main/A.java"))).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void anOverlayRootInsideABaseRootNarrowsIt() throws Exception {
    ComposedPolicy c = compose("filesystem:\n  roots: [ { path: \"${workspace}\", access: read-write } ]\n" + TOOLS,
        "filesystem:\n  roots: [ { path: \"${workspace}/src\", access: read-write } ]\n");
    assertThat(c.policy().filesystem().roots())
        .containsExactly(new FileSystemRules.Root("${workspace}/src", FileSystemRules.RootAccess.READ_WRITE));
    assertThat(c.warnings()).isEmpty();
    assertThat(verdict(c.policy(), "write_file", file("src/main/A.java"))).isEqualTo(Verdict.ALLOW);
    assertThat(verdict(c.policy(), "write_file", file("docs/a.md"))).isEqualTo(Verdict.DENY);
  }

  @Test
  void anOverlayRootWiderThanTheBaseIsCutToTheBase() throws Exception {
    ComposedPolicy c = compose("""
        filesystem:
          roots:
            - { path: "${workspace}/src", access: read-write }
            - { path: "${workspace}/docs", access: read }
        """ + TOOLS, "filesystem:\n  roots: [ { path: \"${workspace}\", access: read-write } ]\n");
    assertThat(c.policy().filesystem().roots()).containsExactly(
        new FileSystemRules.Root("${workspace}/src", FileSystemRules.RootAccess.READ_WRITE),
        new FileSystemRules.Root("${workspace}/docs", FileSystemRules.RootAccess.READ));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("reaches beyond the earlier roots"));
    assertThat(verdict(c.policy(), "write_file", file("docs/a.md"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(c.policy(), "write_file", file("b.txt"))).isEqualTo(Verdict.DENY);
  }

  @Test
  void aReadWriteOverlayRootInsideAReadOnlyBaseRootStaysReadOnly() throws Exception {
    ComposedPolicy c = compose("filesystem:\n  roots: [ { path: \"${workspace}\", access: read } ]\n" + TOOLS,
        "filesystem:\n  roots: [ { path: \"${workspace}/src\", access: read-write } ]\n");
    assertThat(c.policy().filesystem().roots())
        .containsExactly(new FileSystemRules.Root("${workspace}/src", FileSystemRules.RootAccess.READ));
    assertThat(verdict(c.policy(), "write_file", file("src/main/A.java"))).isEqualTo(Verdict.DENY);
  }

  @Test
  void droppingAHostRuleKeepsItsOtherPortsDenied() throws Exception {
    ComposedPolicy c = compose("network:\n  allow: [ { host: api.example.com }, { host: \"*.example.org\" } ]\n"
        + "  outside: ask\n" + TOOLS, "network:\n  allow: [ { host: a.example.org } ]\n  outside: ask\n");
    assertThat(verdict(c.policy(), "fetch", "{\"url\":\"https://api.example.com:8443/\"}"))
        .isEqualTo(Verdict.DENY);
  }

  @Test
  void loosenAttemptsAreReportedNotApplied() throws Exception {
    ComposedPolicy c = compose("""
        mode: enforce
        defaults: { unknownTool: deny }
        filesystem:
          roots: [ { path: "${workspace}", access: read } ]
          outsideRoots: deny
        network:
          schemes: [https]
          allow: [ { host: api.example.com } ]
          outside: deny
        commands: { default: deny }
        approvals: { timeout: 1m }
        """, """
        mode: audit
        defaults: { unknownTool: allow }
        filesystem:
          roots: [ { path: /etc, access: read-write } ]
          outsideRoots: ask
        network:
          schemes: [https, http]
          allow: [ { host: evil.example.net }, { cidr: 10.0.0.0/8 } ]
          outside: ask
        commands:
          rules: [ { prefix: [rm], decision: allow } ]
          default: allow
        rules: [ { id: let-it-be, tool: "*", decision: allow } ]
        approvals: { timeout: 1h }
        """);
    Policy p = c.policy();
    assertThat(p.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(p.unknownTool()).isEqualTo(Verdict.DENY);
    assertThat(p.filesystem().roots()).isEmpty();
    assertThat(p.filesystem().outsideRoots()).isEqualTo(Verdict.DENY);
    assertThat(p.network().schemes()).containsExactly("https");
    assertThat(p.network().allow()).isEmpty();
    assertThat(p.network().outside()).isEqualTo(Verdict.DENY);
    assertThat(p.commands().rules()).isEmpty();
    assertThat(p.commands().defaultDecision()).isEqualTo(Verdict.DENY);
    assertThat(p.rules()).isEmpty();
    assertThat(p.approvals().timeout()).isEqualTo(Duration.ofMinutes(1));
    String overlay = dir.resolve("overlay.yaml") + ": ";
    assertThat(c.warnings()).allSatisfy(w -> assertThat(w).startsWith(overlay));
    assertThat(String.join("\n", c.warnings()))
        .contains("mode: audit would stop enforcing")
        .contains("defaults.unknownTool: allow is looser than the earlier deny")
        .contains("root '/etc' (read-write) does not overlap an earlier root")
        .contains("filesystem.outsideRoots: ask is looser")
        .contains("scheme 'http' is not allowed by an earlier layer")
        .contains("network rule host 'evil.example.net' is not allowed")
        .contains("network rule cidr '10.0.0.0/8' is not allowed")
        .contains("command allow rule commands[rm] would loosen")
        .contains("commands.default: allow is looser")
        .contains("tool allow rule 'let-it-be' would loosen")
        .contains("approvals.timeout PT1H is longer than the earlier PT1M");
  }

  @Test
  void tighteningIsApplied() throws Exception {
    ComposedPolicy c = compose("""
        defaults: { unknownTool: allow }
        filesystem:
          roots: [ { path: "${workspace}", access: read-write } ]
        """ + TOOLS, """
        mode: enforce
        defaults: { unknownTool: ask }
        filesystem:
          deny: ["**/docs/**"]
          protected: ["**/src/main/**"]
        rules: [ { id: no-sql, tool: sql, decision: deny, reason: "no sql here" } ]
        approvals: { timeout: 10s }
        """);
    assertThat(c.warnings()).isEmpty();
    Policy p = c.policy();
    assertThat(p.unknownTool()).isEqualTo(Verdict.ASK);
    assertThat(p.approvals().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(verdict(p, "read_file", file("docs/x.md"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(p, "write_file", file("src/main/A.java"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(p, "read_file", file("src/main/A.java"))).isEqualTo(Verdict.ALLOW);
    assertThat(verdict(p, "sql", "{}")).isEqualTo(Verdict.DENY);
    assertThat(verdict(p, "unknown", "{}")).isEqualTo(Verdict.ASK);
  }

  @Test
  void unsetKeysInAnOverlayKeepTheBaseValues() throws Exception {
    ComposedPolicy c = compose("""
        defaults: { unknownTool: allow }
        commands: { default: allow }
        filesystem: { outsideRoots: ask }
        network: { outside: ask, schemes: [https, http] }
        """, "filesystem: { deny: [\"**/.env\"] }\n");
    assertThat(c.warnings()).isEmpty();
    assertThat(c.policy().unknownTool()).isEqualTo(Verdict.ALLOW);
    assertThat(c.policy().commands().defaultDecision()).isEqualTo(Verdict.ALLOW);
    assertThat(c.policy().filesystem().outsideRoots()).isEqualTo(Verdict.ASK);
    assertThat(c.policy().network().outside()).isEqualTo(Verdict.ASK);
    assertThat(c.policy().network().schemes()).containsExactly("https", "http");
  }

  @Test
  void aPolicyFileInsideTheWorkspaceIsNeverTrustedAboveTheHostLayers() throws Exception {
    Path host = Files.writeString(dir.resolve("host.yaml"), """
        version: 1
        defaults: { unknownTool: deny }
        filesystem:
          roots: [ { path: "${workspace}", access: read } ]
        """);
    Path inWorkspace = Files.createDirectories(env.workspace().resolve(".agent-guard")).resolve("policy.yaml");
    Files.writeString(inWorkspace, """
        version: 1
        defaults: { unknownTool: allow }
        filesystem:
          roots: [ { path: "/", access: read-write } ]
          outsideRoots: ask
        """);
    // listed first, the workspace file still comes after the host's own layer
    ComposedPolicy c = PolicyLoader.compose(List.of(inWorkspace, host), env.workspace());
    assertThat(c.policy().unknownTool()).isEqualTo(Verdict.DENY);
    assertThat(c.policy().filesystem().roots())
        .containsExactly(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ));
    assertThat(c.policy().filesystem().outsideRoots()).isEqualTo(Verdict.DENY);
    assertThat(c.warnings().get(0)).startsWith(inWorkspace + ": inside the workspace");
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("defaults.unknownTool: allow is looser"));
    // through a relative or dotted spelling too
    Path dotted = env.workspace().resolve("src/../.agent-guard/policy.yaml");
    ComposedPolicy d = PolicyLoader.compose(List.of(dotted, host), env.workspace());
    assertThat(d.policy().unknownTool()).isEqualTo(Verdict.DENY);
  }

  @Test
  void anOverlayRootThroughASymlinkOutOfTheBaseRootIsNotApplied() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(env.workspace().resolve("link"), outside);
    Path base = Files.writeString(dir.resolve("base.yaml"),
        "version: 1\nfilesystem:\n  roots: [ { path: \"${workspace}\", access: read-write } ]\n" + TOOLS);
    Path overlay = Files.writeString(env.workspace().resolve("policy.yaml"),
        "version: 1\nfilesystem:\n  roots: [ { path: \"${workspace}/link\", access: read-write } ]\n");
    ComposedPolicy c = PolicyLoader.compose(List.of(base, overlay), env.workspace());
    assertThat(c.policy().filesystem().roots()).isEmpty();
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("does not overlap an earlier root"));
    assertThat(verdict(c.policy(), "write_file", "{\"path\":\"" + outside.resolve("f") + "\"}"))
        .isEqualTo(Verdict.DENY);
    assertThat(verdict(c.policy(), "write_file", file("link/f"))).isEqualTo(Verdict.DENY);
  }

  @Test
  void anExplicitlyEmptyListOfRootsOrHostsRemovesThem() throws Exception {
    ComposedPolicy c = compose("""
        filesystem:
          roots: [ { path: "${workspace}", access: read-write } ]
        network:
          allow: [ { host: api.example.com } ]
        """ + TOOLS, "filesystem: { roots: [] }\nnetwork: { allow: [] }\n");
    assertThat(c.policy().filesystem().roots()).isEmpty();
    assertThat(c.policy().network().allow()).isEmpty();
    assertThat(verdict(c.policy(), "read_file", file("a.txt"))).isEqualTo(Verdict.DENY);
    // a layer that does not mention them keeps them
    ComposedPolicy d = compose("filesystem:\n  roots: [ { path: \"${workspace}\", access: read } ]\n" + TOOLS,
        "filesystem: { deny: [\"**/x\"] }\n");
    assertThat(d.policy().filesystem().roots()).hasSize(1);
  }

  @Test
  void aBadLayerFailsTheWholeComposition() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), "version: 1\n");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 1\nmode: loose\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyLoader.compose(List.of(good, bad)))
        .isInstanceOf(PolicyException.class)
        .hasMessage(bad + ":2:7: unknown mode 'loose': expected enforce or audit");
  }
}
