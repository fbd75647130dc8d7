package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.net.HostResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What loaded policies do: audit mode, variables, rule examples, file-level errors. */
class PolicyBehaviourTest {

  @TempDir Path dir;

  private GuardEnvironment env() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Path home = Files.createDirectories(dir.resolve("home")).toRealPath();
    Path tmp = Files.createDirectories(dir.resolve("tmp")).toRealPath();
    return new GuardEnvironment(ws, home, tmp);
  }

  private static Policy yaml(String text) throws PolicyException {
    return PolicyLoader.parse(text, "p.yaml", PolicyLoader.Format.YAML);
  }

  private static final String TOOLS = """
      tools:
        read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }
        write_file: { resources: [ { kind: file, access: write, pointer: /path } ] }
        fetch:      { resources: [ { kind: url, pointer: /url } ] }
        shell:      { resources: [ { kind: command, pointer: /command } ] }
      """;

  @Test
  void auditModeDecidesEverythingButBlocksNothing() throws Exception {
    GuardEnvironment env = env();
    Policy p = yaml("""
        version: 1
        mode: audit
        defaults: { unknownTool: deny }
        filesystem:
          roots: [ { path: "${workspace}", access: read } ]
        commands:
          rules: [ { prefix: [rm, -rf], decision: deny } ]
          default: ask
        rules:
          - { id: no-deploy, tool: "deploy_*", decision: deny, reason: "no deploys" }
        """ + TOOLS);
    List<GuardEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger asked = new AtomicInteger();
    AgentGuard guard = AgentGuard.builder()
        .policy(p)
        .environment(env)
        .hostResolver(HostResolver.fixed(Map.of()))
        .listener(events::add)
        .approver((ApprovalRequest r) -> {
          asked.incrementAndGet();
          return CompletableFuture.failedFuture(new IllegalStateException("nobody asked"));
        })
        .build();
    AtomicInteger ran = new AtomicInteger();
    var guarded = guard.wrap(call -> {
      ran.incrementAndGet();
      return ToolResult.of("ran " + call.toolName());
    });
    String outside = dir.resolve("elsewhere.txt").toString().replace("\\", "\\\\");
    List<ToolCall> calls = List.of(
        ToolCall.of("deploy_prod", "{}"),
        ToolCall.of("mystery", "{}"),
        ToolCall.of("write_file", "{\"path\":\"" + env.workspace().resolve("a.txt") + "\"}"),
        ToolCall.of("read_file", "{\"path\":\"" + outside + "\"}"),
        ToolCall.of("shell", "{\"command\":\"rm -rf /\"}"),
        ToolCall.of("shell", "{\"command\":\"ls\"}"),
        ToolCall.of("fetch", "{\"url\":\"http://169.254.169.254/latest\"}"));
    for (ToolCall call : calls) {
      Evaluation e = guard.evaluate(call);
      assertThat(e.enforced()).isFalse();
      assertThat(e.verdict()).as(call.toolName()).isIn(Verdict.DENY, Verdict.ASK);
      assertThat(e.decision().rule()).isNotBlank();
      assertThat(e.decision().reason()).isNotBlank();
      assertThat(guarded.execute(call).content()).isEqualTo("ran " + call.toolName());
    }
    assertThat(guard.evaluate(calls.get(0)).decision().rule()).isEqualTo("no-deploy");
    assertThat(guard.evaluate(calls.get(1)).decision().rule()).isEqualTo(ToolRulesCheck.UNKNOWN_TOOL_RULE);
    assertThat(ran).hasValue(calls.size());
    assertThat(asked).hasValue(0);
    // the decisions are recorded for every call
    assertThat(events.stream().filter(ev -> ev instanceof GuardEvent.CallDecided)).hasSize(calls.size());
  }

  @Test
  void enforceModeBlocksTheSameCalls() throws Exception {
    Policy p = yaml("""
        version: 1
        rules:
          - { id: no-deploy, tool: "deploy_*", decision: deny, reason: "no deploys" }
        """);
    AgentGuard guard = AgentGuard.builder().policy(p).environment(env()).build();
    var guarded = guard.wrap(call -> ToolResult.of("ran"));
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("deploy_prod", "{}")))
        .isInstanceOf(dev.agentguard.api.ToolCallDeniedException.class)
        .hasMessageContaining("no deploys");
  }

  @Test
  void variablesExpandToTheHostEnvironment() throws Exception {
    GuardEnvironment env = env();
    Policy p = yaml("""
        version: 1
        filesystem:
          roots:
            - { path: "${workspace}", access: read-write }
            - { path: "${home}/notes", access: read }
            - { path: "${tmp}", access: read-write }
          deny: ["${workspace}/secret/**", "${home}/notes/private/**"]
        """ + TOOLS);
    Files.createDirectories(env.home().resolve("notes/private"));
    AgentGuard guard = AgentGuard.builder().policy(p).environment(env).build();
    assertThat(verdict(guard, "write_file", env.workspace().resolve("x.txt"))).isEqualTo(Verdict.ALLOW);
    assertThat(verdict(guard, "read_file", env.workspace().resolve("secret/key"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(guard, "read_file", env.home().resolve("notes/todo.txt"))).isEqualTo(Verdict.ALLOW);
    assertThat(verdict(guard, "write_file", env.home().resolve("notes/todo.txt"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(guard, "read_file", env.home().resolve("notes/private/diary"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(guard, "read_file", env.home().resolve("other"))).isEqualTo(Verdict.DENY);
    assertThat(verdict(guard, "write_file", env.tmp().resolve("t"))).isEqualTo(Verdict.ALLOW);
    assertThat(env.expand("${workspace}/${home}:${tmp}"))
        .isEqualTo(env.workspace() + "/" + env.home() + ":" + env.tmp());
    assertThatThrownBy(() -> env.expand("${user}"))
        .hasMessage("unknown variable '${user}': expected ${workspace}, ${home} or ${tmp}");
  }

  @Test
  void ruleExamplesAreCheckedAndKept() throws Exception {
    Policy p = yaml("""
        version: 1
        rules:
          - id: no-db-drop
            tool: sql
            argument: { pointer: /query, matches: "(?i)\\\\bdrop\\\\b" }
            decision: deny
            examples:
              match:    [ { query: "DROP TABLE users" }, { query: "x; drop y" } ]
              notMatch: [ { query: "SELECT 1" }, { query: "dropbox" } ]
        """);
    ToolRule r = p.rules().get(0);
    assertThat(r.matchExamples()).containsExactly("{\"query\":\"DROP TABLE users\"}", "{\"query\":\"x; drop y\"}");
    assertThat(r.notMatchExamples()).hasSize(2);
    AgentGuard guard = AgentGuard.builder().policy(p).environment(env()).build();
    Evaluation e = guard.evaluate(ToolCall.of("sql", "{\"query\":\"drop table t\"}"));
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().rule()).isEqualTo("no-db-drop");
  }

  @Test
  void fileLevelProblemsAreLocatedErrors() throws Exception {
    Path notUtf8 = dir.resolve("latin1.yaml");
    Files.write(notUtf8, "version: 1\nmode: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> PolicyLoader.load(notUtf8))
        .hasMessage(notUtf8 + ":1:1: the policy file is not UTF-8 text");
    Path multi = Files.writeString(dir.resolve("multi.yaml"), "version: 1\n---\nversion: 1\n");
    assertThatThrownBy(() -> PolicyLoader.load(multi))
        .hasMessage(multi + ":3:1: unexpected content after the policy document");
    Path named = Files.writeString(dir.resolve("named.yaml"), "version: 1\nmode: loud\n");
    assertThatThrownBy(() -> PolicyLoader.load(named, "org/policy.yaml"))
        .hasMessage("org/policy.yaml:2:7: unknown mode 'loud': expected enforce or audit");
  }

  @Test
  void aPolicyLoadsWholeOrNotAtAll() {
    assertThatThrownBy(() -> yaml("""
        version: 1
        mode: audit
        network:
          allow:
            - { host: ok.example.com }
            - { cidr: 300.0.0.0/8 }
        """))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).errors()).hasSize(1));
  }

  @Test
  void workingDirectoryOfACallIsUsedForRelativePaths() throws Exception {
    GuardEnvironment env = env();
    Files.createDirectories(env.workspace().resolve("sub"));
    Policy p = yaml("version: 1\nfilesystem:\n  roots: [ { path: \"${workspace}/sub\", access: read } ]\n" + TOOLS);
    AgentGuard guard = AgentGuard.builder().policy(p).environment(env).build();
    CallContext inSub = CallContext.builder().workingDirectory(env.workspace().resolve("sub").toString()).build();
    assertThat(guard.evaluate(ToolCall.of("read_file", "{\"path\":\"a.txt\"}", inSub)).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(guard.evaluate(ToolCall.of("read_file", "{\"path\":\"../a.txt\"}", inSub)).verdict())
        .isEqualTo(Verdict.DENY);
  }

  private static Verdict verdict(AgentGuard guard, String tool, Path path) {
    return guard.evaluate(ToolCall.of(tool, "{\"path\":\"" + path + "\"}")).verdict();
  }
}
