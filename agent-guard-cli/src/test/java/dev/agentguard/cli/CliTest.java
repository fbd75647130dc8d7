package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI contract (docs/cli.md), run in-process through {@link Main#run}. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String POLICY = """
      version: 1
      defaults:
        unknownTool: ask
      filesystem:
        roots:
          - { path: "${workspace}", access: read-write }
          - { path: "${home}/docs", access: read }
        deny: ["**/.env", "${home}/.ssh/**"]
      network:
        allow:
          - { host: api.github.com }
          - { host: "*.example.com", ports: [443, 8443] }
          - { cidr: 10.20.0.0/16 }
      commands:
        rules:
          - { prefix: [git, status], decision: allow }
          - { prefix: [rm, -rf], decision: deny }
        default: ask
      tools:
        read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }
        write_file: { resources: [ { kind: file, access: write, pointer: /path } ] }
        fetch:      { resources: [ { kind: url, pointer: /url } ] }
        shell:      { resources: [ { kind: command, pointer: /command } ] }
      rules:
        - { id: deploys-need-signoff, tool: "deploy_*", decision: ask, reason: "production deploys need sign-off" }
        - id: no-db-drop
          tool: sql
          argument: { pointer: /query, matches: "(?i)\\\\bdrop\\\\b" }
          decision: deny
          examples:
            match:    [ { query: "DROP TABLE users" } ]
            notMatch: [ { query: "SELECT 1" } ]
      """;

  @TempDir Path dir;
  private Path ws;
  private Path home;
  private Path policy;
  private String out;
  private String err;

  @BeforeEach
  void setUp() throws Exception {
    ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    home = Files.createDirectories(dir.resolve("home")).toRealPath();
    Files.createDirectories(home.resolve("docs"));
    Files.createDirectories(ws.resolve("src"));
    policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
  }

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private List<String> env(String... more) {
    List<String> a = new ArrayList<>(List.of("--policy", policy.toString(), "--workspace", ws.toString(),
        "--home", home.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private int check(String... more) {
    List<String> a = new ArrayList<>(List.of("check"));
    a.addAll(env(more));
    return run(a.toArray(String[]::new));
  }

  private static List<JsonNode> lines(String text) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        JsonNode n = JSON.readTree(line);
        assertThat(n.isObject()).as(line).isTrue();
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(line).containsExactly("id", "decision", "rule", "reason");
        assertThat(n.get("decision").asText()).isIn("allow", "ask", "deny");
        assertThat(n.get("rule").asText()).isNotBlank();
        assertThat(n.get("reason").asText()).isNotBlank();
        out.add(n);
      }
    }
    assertThat(text).endsWith("\n");
    return out;
  }

  private static String call(String id, String tool, String args) {
    return "{\"id\":\"" + id + "\",\"tool\":\"" + tool + "\",\"arguments\":" + args + "}";
  }

  // --- check: one call ---------------------------------------------------------------------------

  /** A malformed line's refusal never quotes the offending token, which may be a secret (an unquoted password). */
  @Test
  void aMalformedLineIsRefusedWithoutEchoingItsTokens() throws Exception {
    Path calls = dir.resolve("secret.jsonl");
    Files.writeString(calls, "{\"id\":\"s1\",\"tool\":\"login\",\"arguments\":{\"password\": Sup3rS3cret}}\n");
    assertThat(check("--calls", calls.toString())).isZero();
    assertThat(out).doesNotContain("Sup3rS3cret").contains("\"rule\":\"invalid-call\"")
        .contains("line 1 is not valid JSON");
  }

  @Test
  void checkOneCall() throws Exception {
    assertThat(check("--tool", "read_file", "--args", "{\"path\":\"src/A.java\"}")).isZero();
    JsonNode line = lines(out).get(0);
    assertThat(line.get("decision").asText()).isEqualTo("allow");
    assertThat(err).isEmpty();

    assertThat(check("--tool", "sql", "--args", "{\"query\":\"drop table x\"}")).isZero();
    assertThat(lines(out).get(0).get("rule").asText()).isEqualTo("no-db-drop");
    assertThat(lines(out).get(0).get("decision").asText()).isEqualTo("deny");

    assertThat(check("--tool", "deploy_prod")).isZero();
    assertThat(lines(out).get(0).get("rule").asText()).isEqualTo("deploys-need-signoff");
    assertThat(lines(out).get(0).get("reason").asText()).isEqualTo("production deploys need sign-off");
    assertThat(lines(out).get(0).get("decision").asText()).isEqualTo("ask");

    assertThat(check("--tool", "write_file", "--args", "{\"path\":\"" + home.resolve("docs/a") + "\"}")).isZero();
    assertThat(lines(out).get(0).get("decision").asText()).isEqualTo("deny");
  }

  @Test
  void checkOneCallWithBadArgumentsIsAnInvalidCall() throws Exception {
    assertThat(check("--tool", "read_file", "--args", "[1]")).isZero();
    JsonNode line = lines(out).get(0);
    assertThat(line.get("rule").asText()).isEqualTo("invalid-call");
    assertThat(line.get("decision").asText()).isEqualTo("deny");
  }

  // --- check: a batch --------------------------------------------------------------------------

  @Test
  void checkABatchOfHundredsOfCallsWithResolve() throws Exception {
    List<String> input = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      input.add(call("r" + i, "read_file", "{\"path\":\"" + ws.resolve("src/F" + i + ".java") + "\"}"));
      expected.add("allow");
      input.add(call("w" + i, "write_file", "{\"path\":\"" + (i % 2 == 0 ? ws.resolve("out" + i) : ws.resolve(".env"))
          + "\"}"));
      expected.add(i % 2 == 0 ? "allow" : "deny");
      String url = switch (i % 6) {
        case 0 -> "https://api.github.com/repos";
        case 1 -> "https://docs.example.com:8443/x";
        case 2 -> "https://internal.example.com/";
        case 3 -> "https://mixed.example.com/";
        case 4 -> "https://unresolved.example.com/";
        default -> "https://10.20.3.4/";
      };
      input.add(call("f" + i, "fetch", "{\"url\":\"" + url + "\"}"));
      expected.add(i % 6 == 2 || i % 6 == 3 ? "deny" : "allow");
      input.add(call("s" + i, "shell", "{\"command\":\"" + (i % 3 == 0 ? "git status" : i % 3 == 1
          ? "rm -rf /" : "make build") + "\"}"));
      expected.add(i % 3 == 0 ? "allow" : i % 3 == 1 ? "deny" : "ask");
      input.add("{\"id\":" + i + ",\"tool\":\"sql\",\"arguments\":{\"query\":\"" + (i % 2 == 0 ? "DROP TABLE t"
          : "select 1") + "\"},\"cwd\":\"" + ws + "\"}");
      expected.add(i % 2 == 0 ? "deny" : "ask");
    }
    Path calls = Files.writeString(dir.resolve("calls.jsonl"), String.join("\n", input) + "\n");
    assertThat(check("--calls", calls.toString(),
        "--resolve", "api.github.com=140.82.112.5",
        "--resolve", "docs.example.com=93.184.216.34",
        "--resolve", "internal.example.com=10.0.0.7",
        "--resolve", "mixed.example.com=93.184.216.34,127.0.0.1")).isZero();
    assertThat(err).isEmpty();
    List<JsonNode> got = lines(out);
    assertThat(got).hasSize(input.size());
    for (int i = 0; i < got.size(); i++) {
      JsonNode sent = JSON.readTree(input.get(i));
      assertThat(got.get(i).get("id")).isEqualTo(sent.get("id"));
      assertThat(got.get(i).get("decision").asText()).as(input.get(i) + " -> " + got.get(i)).isEqualTo(expected.get(i));
    }
  }

  @Test
  void malformedLinesAreDeniedAndTheBatchGoesOn() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<String> lines = List.of(
        call("ok1", "read_file", "{\"path\":\"src/a\"}"),
        "this is not json",
        "{\"id\":\"trail\",\"tool\":\"read_file\",\"arguments\":{}} extra",
        "{\"id\":\"dup\",\"tool\":\"read_file\",\"tool\":\"write_file\",\"arguments\":{}}",
        "{\"id\":\"notool\",\"arguments\":{}}",
        "{\"id\":\"noargs\",\"tool\":\"read_file\"}",
        "{\"tool\":\"read_file\",\"arguments\":{}}",
        "{\"id\":\"badargs\",\"tool\":\"read_file\",\"arguments\":\"path\"}",
        "{\"id\":{\"x\":1},\"tool\":\"read_file\",\"arguments\":{}}",
        "{\"id\":\"badcwd\",\"tool\":\"read_file\",\"arguments\":{},\"cwd\":7}",
        "[1,2]",
        "{\"id\":\"open\",\"tool\":\"read_file\",\"arguments\":{",
        "",
        call("ok2", "read_file", "{\"path\":\"src/b\"}"));
    for (String l : lines) {
      bytes.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (l.equals("[1,2]")) {
        bytes.write(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
      }
    }
    Path calls = dir.resolve("bad.jsonl");
    Files.write(calls, bytes.toByteArray());
    assertThat(check("--calls", calls.toString())).isZero();
    List<JsonNode> got = lines(out);
    assertThat(got).extracting(n -> n.get("id").isNull() ? null : n.get("id").asText()).containsExactly(
        // a refused line keeps its id when one can be read, so answers can be matched to calls
        "ok1", null, "trail", "dup", "notool", "noargs", null, "badargs", null, "badcwd", null, null, null, "ok2");
    Iterator<JsonNode> it = got.iterator();
    assertThat(it.next().get("decision").asText()).isEqualTo("allow");
    for (int i = 1; i < got.size() - 1; i++) {
      JsonNode n = got.get(i);
      assertThat(n.get("decision").asText()).as(n.toString()).isEqualTo("deny");
      assertThat(n.get("rule").asText()).as(n.toString()).isEqualTo("invalid-call");
    }
    assertThat(got.get(got.size() - 1).get("decision").asText()).isEqualTo("allow");
    assertThat(got.get(1).get("reason").asText()).startsWith("line 2 is not valid JSON");
    assertThat(got.get(2).get("reason").asText()).isEqualTo("line 3 has content after the JSON object");
    assertThat(got.get(3).get("reason").asText()).startsWith("line 4 has a duplicate key");
    assertThat(got.get(4).get("reason").asText()).isEqualTo("line 5: missing \"tool\"");
    assertThat(got.get(5).get("reason").asText()).isEqualTo("line 6: missing \"arguments\"");
    assertThat(got.get(6).get("reason").asText()).isEqualTo("line 7: missing \"id\"");
    assertThat(got.get(11).get("reason").asText()).isEqualTo("line 12 is not UTF-8 text");
  }

  @Test
  void checkReadsCallsFromStdin() throws Exception {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream((call("a", "read_file", "{\"path\":\"src/x\"}") + "\n"
          + call("b", "write_file", "{\"path\":\"/etc/passwd\"}")).getBytes(StandardCharsets.UTF_8)));
      assertThat(check("--calls", "-")).isZero();
    } finally {
      System.setIn(saved);
    }
    assertThat(lines(out)).extracting(n -> n.get("id").asText() + " " + n.get("decision").asText())
        .containsExactly("a allow", "b deny");
  }

  @Test
  void aBadPolicyExitsTwoWithTheErrorsOnStderr() throws Exception {
    Files.writeString(policy, "version: 1\nfilesystem:\n  deny: [\"**/[x\"]\n");
    Path calls = Files.writeString(dir.resolve("c.jsonl"), call("a", "read_file", "{}") + "\n");
    assertThat(check("--calls", calls.toString())).isEqualTo(2);
    assertThat(out).isEmpty();
    assertThat(err).contains(policy + ":3:10: invalid glob '**/[x': unclosed '[' at index 3");
    assertThat(check("--tool", "read_file")).isEqualTo(2);
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(run("check", "--policy", policy.toString())).isEqualTo(2);
    assertThat(err).isNotEmpty();
    assertThat(run("check", "--policy", dir.resolve("missing.yaml").toString(), "--tool", "x")).isEqualTo(2);
    assertThat(err).contains("policy file not found");
    assertThat(check("--calls", dir.resolve("missing.jsonl").toString())).isEqualTo(2);
    assertThat(check("--tool", "x", "--resolve", "nonsense")).isEqualTo(2);
    assertThat(check("--tool", "x", "--resolve", "a.example.com=not-an-ip")).isEqualTo(2);
    assertThat(check("--tool", "x", "--calls", "c.jsonl")).isEqualTo(2);
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("check", "--bogus")).isEqualTo(2);
  }

  // --- validate -------------------------------------------------------------------------------

  @Test
  void validateAGoodPolicy() {
    assertThat(run("validate", policy.toString())).isZero();
    assertThat(out).isEqualTo("ok\n");
    assertThat(err).isEmpty();
  }

  @Test
  void validateLocatesEveryErrorInTheMcpSection() throws Exception {
    Path bad = Files.writeString(dir.resolve("mcp.yaml"), """
        version: 1
        mcp:
          trustAnnotations: on
          servers:
            github: { trusted: true, hints: all }
            fs: {}
          trustServers: [fs]
        """);
    assertThat(run("validate", bad.toString())).isEqualTo(2);
    assertThat(out.split("\n")).containsExactlyInAnyOrder(
        bad + ":3:21: mcp.trustAnnotations must be true or false, got 'on'",
        bad + ":5:30: unknown key 'hints' in mcp.servers.github (expected one of: trusted)",
        bad + ":6:9: missing key 'trusted' in mcp.servers.fs (expected trusted: true or false)",
        bad + ":7:3: unknown key 'trustServers' in mcp (expected one of: trustAnnotations, servers)");
    Path good = Files.writeString(dir.resolve("mcp-ok.yaml"),
        "version: 1\nmcp: { trustAnnotations: false, servers: { github: { trusted: true } } }\n");
    assertThat(run("validate", good.toString())).isZero();
    assertThat(out).isEqualTo("ok\n");
  }

  @Test
  void validateABadPolicyPrintsEveryErrorLocated() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        version: 1
        mode: audit
        filesystm: {}
        network:
          allow:
            - { cidr: 10.0.0.0/33 }
            - { host: a.example.com, ports: [0] }
        """);
    assertThat(run("validate", bad.toString())).isEqualTo(2);
    assertThat(out.split("\n")).containsExactly(
        bad + ":3:1: unknown key 'filesystm' in the policy (expected one of: version, mode, defaults, filesystem,"
            + " network, commands, tools, rules, approvals, sandbox, session, mcp)",
        bad + ":6:15: bad CIDR '10.0.0.0/33': prefix length 33 exceeds 32",
        bad + ":7:38: port 0 is out of range 1-65535");
    assertThat(run("validate", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(run("validate")).isEqualTo(2);
    Path json = Files.writeString(dir.resolve("p.json"), "{\"version\": 1, \"mode\": \"audit\"}");
    assertThat(run("validate", json.toString())).isZero();
  }

  // --- explain --------------------------------------------------------------------------------

  @Test
  void explainShowsEveryCheckTheDecidingRuleAndTheDecision() {
    List<String> a = new ArrayList<>(List.of("explain"));
    a.addAll(env("--tool", "shell", "--args", "{\"command\":\"git status && rm -rf /\"}"));
    assertThat(run(a.toArray(String[]::new))).isZero();
    assertThat(out).contains("filesystem").contains("network").contains("command").contains("tools")
        .contains("decided by: command rule commands[rm -rf]")
        .contains("decision:   DENY");
    List<String> b = new ArrayList<>(List.of("explain"));
    b.addAll(env("--tool", "fetch", "--args", "{\"url\":\"https://api.github.com/\"}",
        "--resolve", "api.github.com=140.82.112.5"));
    assertThat(run(b.toArray(String[]::new))).isZero();
    assertThat(out).contains("decision:   ALLOW");
    List<String> c = new ArrayList<>(List.of("explain"));
    c.addAll(env("--tool", "fetch", "--args", "not json"));
    assertThat(run(c.toArray(String[]::new))).isEqualTo(2);
  }

  // --- help -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"", "check", "validate", "explain", "audit", "audit verify"})
  void helpOnEveryCommand(String command) {
    List<String> a = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
    a.add("--help");
    assertThat(run(a.toArray(String[]::new))).isZero();
    assertThat(out).startsWith("Usage: agent-guard").doesNotContain("user.home}");
    assertThat(err).isEmpty();
  }
}
