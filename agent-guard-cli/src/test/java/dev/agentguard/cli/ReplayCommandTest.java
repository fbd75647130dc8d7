package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.ops.audit.AuditLog;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent-guard replay} on audit logs written by a real guard: the same policy changes nothing, a stricter
 * one exits 1 naming the rules on both sides, a looser one is reported and exits 0, and bad input exits 2.
 */
class ReplayCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The policy the agent ran under yesterday. */
  static final String YESTERDAY = """
      version: 1
      defaults:
        unknownTool: ask
      filesystem:
        roots:
          - { path: "${workspace}", access: read-write }
        deny: ["**/.env"]
      tools:
        read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }
        call_api:   { resources: [ ] }
      rules:
        - { id: deploys-need-signoff, tool: "deploy_*", decision: ask, reason: "production deploys need sign-off" }
        - { id: api-calls, tool: call_api, decision: allow, reason: "the API is internal" }
      """;

  @TempDir Path dir;
  private Path workspace;
  private Path log;

  @BeforeEach
  void runAnAgentYesterday() throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    Files.writeString(workspace.resolve("notes.md"), "hello");
    Path policy = write("yesterday.yaml", YESTERDAY);
    log = dir.resolve("audit.jsonl");
    try (AuditLog audit = AuditLog.open(log);
        AgentGuard guard = AgentGuard.builder()
            .policy(PolicyLoader.load(policy))
            .environment(new GuardEnvironment(workspace, dir.resolve("home"), dir.resolve("tmp")))
            .approver(Approvers.deciding(r -> r.call().argumentsJson().contains("web")
                ? ApprovalResponse.approved("alice") : ApprovalResponse.denied("alice", "not now")))
            .listener(audit)
            .build()) {
      ToolExecutor tools = guard.wrap(call -> ToolResult.of("ok"));
      run(tools, new ToolCall("c1", "read_file", "{\"path\":\"" + workspace.resolve("notes.md") + "\"}",
          dev.agentguard.api.CallContext.empty()));
      run(tools, new ToolCall("c2", "read_file", "{\"path\":\"" + workspace.resolve(".env") + "\"}",
          dev.agentguard.api.CallContext.empty()));
      run(tools, ToolCall.of("deploy_service", "{\"service\":\"web\"}").withArguments("{\"service\":\"web\"}"));
      run(tools, new ToolCall("c4", "deploy_service", "{\"service\":\"billing\"}",
          dev.agentguard.api.CallContext.empty()));
      run(tools, new ToolCall("c5", "call_api", "{\"endpoint\":\"/users\",\"api_key\":\"sk-live-9f8e7d6c5b4a\"}",
          dev.agentguard.api.CallContext.empty()));
    }
  }

  private static void run(ToolExecutor tools, ToolCall call) {
    try {
      tools.execute(call);
    } catch (Exception e) {
      // refused: the log records it
    }
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private record Result(int code, String out, String err) {}

  private Result replay(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("replay"));
    all.addAll(List.of(args));
    all.addAll(List.of("--workspace", workspace.toString(), "--home", dir.resolve("home").toString()));
    int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theSamePolicyChangesNothing() throws Exception {
    Result r = replay("--policy", write("same.yaml", YESTERDAY).toString(), log.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("replayed 5 of 5 calls: 0 would change, 0 that ran would now be asked or denied\n");
  }

  @Test
  void aStricterPolicyNamesTheRulesOnBothSidesAndExitsOne() throws Exception {
    String stricter = YESTERDAY.replace("decision: allow, reason: \"the API is internal\"",
        "decision: deny, reason: \"the API is frozen\"") + """
          - { id: reads-need-signoff, tool: read_file, decision: ask, reason: "reads are reviewed now" }
        """;
    Result r = replay("--policy", write("stricter.yaml", stricter).toString(), log.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("c1 read_file (line ").contains("): allow → ask  [ran]")
        .contains("  after:  ask by reads-need-signoff: reads are reviewed now")
        .contains("c5 call_api").contains("allow → deny  [ran]")
        .contains("  before: allow by api-calls: the API is internal")
        .contains("  after:  deny by api-calls: the API is frozen")
        .contains("  inexact: arguments were masked in the log")
        .endsWith("replayed 5 of 5 calls: 2 would change, 2 that ran would now be asked or denied\n");
    assertThat(r.out()).doesNotContain("c2 ").doesNotContain("deploy_service");
  }

  @Test
  void aLooserPolicyIsReportedButPasses() throws Exception {
    String looser = YESTERDAY.replace("  - { id: deploys-need-signoff, tool: \"deploy_*\", decision: ask, reason: "
        + "\"production deploys need sign-off\" }\n", "  - { id: deploys-free, tool: \"deploy_*\", decision: allow }\n");
    Result r = replay("--policy", write("looser.yaml", looser).toString(), log.toString(), "--format", "json");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("calls").asInt()).isEqualTo(5);
    assertThat(doc.get("ranNowAskedOrDenied").asInt()).isZero();
    assertThat(doc.get("changed")).hasSize(2);
    for (JsonNode c : doc.get("changed")) {
      assertThat(c.get("tool").asText()).isEqualTo("deploy_service");
      assertThat(c.at("/before/decision").asText()).isEqualTo("ask");
      assertThat(c.at("/before/rule").asText()).isEqualTo("deploys-need-signoff");
      assertThat(c.at("/after/decision").asText()).isEqualTo("allow");
      assertThat(c.at("/after/rule").asText()).isEqualTo("deploys-free");
    }
    assertThat(doc.get("changed").findValuesAsText("ran")).containsExactlyInAnyOrder("true", "false");
  }

  @Test
  void anApprovedAskThatWouldNowBeDeniedFailsTheGate() throws Exception {
    String denyDeploys = YESTERDAY.replace("decision: ask, reason: \"production deploys need sign-off\"",
        "decision: deny, reason: \"no deploys this week\"");
    Result r = replay("--policy", write("deny.yaml", denyDeploys).toString(), log.toString(), "--format", "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("ranNowAskedOrDenied").asInt()).isEqualTo(1);
  }

  @Test
  void badInputExitsTwoAndSaysWhere() throws Exception {
    Path good = write("same.yaml", YESTERDAY);
    Result missing = replay("--policy", good.toString(), dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read the audit log");

    Result badPolicy = replay("--policy", write("bad.yaml", "version: 1\nbogus: true\n").toString(), log.toString());
    assertThat(badPolicy.code()).isEqualTo(2);
    assertThat(badPolicy.err()).contains("is invalid");

    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.add(3, "{\"seq\":99,\"type\":\"call_decided\",\"call_id\":\"c9\",\"verdict\":\"maybe\",\"rule\":\"r\",\"reason\":\"x\"}");
    Path broken = dir.resolve("broken.jsonl");
    Files.write(broken, lines);
    Result malformed = replay("--policy", good.toString(), broken.toString());
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.err()).contains("line 4: call_decided has verdict \"maybe\"");

    Files.writeString(broken, Files.readString(log) + "not json\n");
    int lastLine = Files.readAllLines(broken).size();
    Result notJson = replay("--policy", good.toString(), broken.toString());
    assertThat(notJson.code()).isEqualTo(2);
    assertThat(notJson.err()).contains("line " + lastLine + ": not valid JSON");

    Files.write(broken, new byte[] {'{', (byte) 0xff, '}', '\n'});
    assertThat(replay("--policy", good.toString(), broken.toString()).err()).contains("line 1: not UTF-8 text");
  }

  @Test
  void aCallWhoseArgumentsWereCutIsListedAsNotReplayed() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      lines.add(line.contains("\"call_id\":\"c4\"") && line.contains("call_started")
          ? line.replace("{\\\"service\\\":\\\"billing\\\"}", "{\\\"service\\\":\\\"bil...[truncated 9000 chars]") : line);
    }
    Path cut = dir.resolve("cut.jsonl");
    Files.write(cut, lines);
    Result r = replay("--policy", write("same.yaml", YESTERDAY).toString(), cut.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("c4 (line ").contains("not replayed: its arguments were cut when logged")
        .contains("replayed 4 of 5 calls");
  }
}
