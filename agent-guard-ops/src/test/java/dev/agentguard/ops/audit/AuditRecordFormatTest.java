package dev.agentguard.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.Access;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.session.SessionPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit record of every event type, byte for byte: the log is tamper-evident, so its layout (field names,
 * their order, number formats) is a format other tools verify. The expected lines were written by the code before
 * it was reorganised; any difference is a format change.
 */
class AuditRecordFormatTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String EXEC = "exec-1";

  private static ToolCall call() {
    return new ToolCall("c1", "shell", "{\"command\":\"ls\"}", CallContext.builder().agentId("a-1")
        .agentName("agent").conversationId("conv-1").principal("bob").workingDirectory("/ws")
        .rationale("list it").alternative("read the index").alternative("ask").build());
  }

  private static ToolCall bareCall() {
    return new ToolCall("c2", "fetch", "{}", CallContext.builder().build());
  }

  private static ApprovalRequest request(ToolCall call) {
    return new ApprovalRequest("r-1", call, List.of(),
        List.of(Decision.ask("tools", "deploys-need-signoff", "production deploys need sign-off"),
            Decision.ask("commands", "commands.ask", "asks")),
        "ab".repeat(32), T, T.plusSeconds(300));
  }

  static List<GuardEvent> events() {
    ToolCall c = call();
    List<Resource> resources = List.of(new Resource.FileAccess("/ws/a.txt", Access.WRITE),
        new Resource.NetworkAccess("https://example.com/x"), Resource.CommandExec.line("ls -l"),
        Resource.CommandExec.argv(List.of("git", "status")));
    List<Decision> decisions = List.of(Decision.allow("filesystem", "filesystem.roots", "inside"),
        Decision.allow(CheckNames.SESSION, SessionPolicy.RULE_STATE, "2 calls, 0 bytes"),
        Decision.ask("commands", "commands.ask", "needs a person"));
    List<GuardEvent> events = new ArrayList<>();
    events.add(new GuardEvent.CallStarted(c, T, EXEC));
    events.add(new GuardEvent.CallStarted(bareCall(), T, EXEC));
    events.add(new GuardEvent.CallDecided(c, T, Evaluation.of(c, resources, decisions, true), EXEC));
    events.add(new GuardEvent.CallDecided(c, T, Evaluation.of(c, List.of(), List.of(), false), EXEC));
    events.add(new GuardEvent.ApprovalRequested(c, T, request(c), EXEC));
    events.add(new GuardEvent.ApprovalResolved(c, T, request(c), ApprovalResponse.approvedForSession("alice"),
        Duration.ofMillis(1500), "approved", EXEC));
    events.add(new GuardEvent.ApprovalResolved(c, T, request(c), ApprovalResponse.denied("carol", "not today"),
        Duration.ofNanos(1_234_567), "denied", EXEC));
    events.add(new GuardEvent.LateApproval(c, T, request(c), ApprovalResponse.approved("dave"),
        Duration.ofMillis(20), EXEC));
    events.add(new GuardEvent.CallCompleted(c, T, ToolResult.of("contents ünïcødé \n\"quoted\""),
        Duration.ofMillis(3), EXEC));
    events.add(new GuardEvent.CallCompleted(c, T, ToolResult.error("boom"), Duration.ofMillis(2), EXEC));
    events.add(new GuardEvent.CallFailed(c, T, new java.io.IOException("disk"), Duration.ofMillis(4), EXEC));
    events.add(new GuardEvent.CallDenied(c, T,
        Decision.deny("network", "network.private", "169.254.169.254 is a metadata address"),
        Duration.ofMillis(1), EXEC));
    return events;
  }

  static List<String> lines() {
    List<String> lines = new ArrayList<>();
    long seq = 1;
    String prev = AuditRecords.GENESIS;
    for (GuardEvent e : events()) {
      ObjectNode r = AuditRecords.header(seq++, prev, e.timestamp(), AuditRecords.type(e));
      AuditRecords.describe(r, e);
      String line = new String(AuditRecords.seal(r), StandardCharsets.UTF_8);
      prev = line.substring(line.length() - 66, line.length() - 2);
      lines.add(line);
    }
    return lines;
  }

  @Test
  void everyEventTypeKeepsItsRecordLayout() throws Exception {
    List<String> expected = Files.readAllLines(
        Path.of(getClass().getResource("records.jsonl").toURI()), StandardCharsets.UTF_8);
    assertThat(lines()).containsExactlyElementsOf(expected);
  }
}
