package dev.agentguard.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.session.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit record of every decided call carries the session's state. */
class SessionAuditTest {

  @TempDir Path dir;

  @Test
  void decidedRecordsCarryTheSession() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.writeString(ws.resolve(".env"), "TOKEN=x");
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path")))
        .session(SessionPolicy.builder().privateGlobs(List.of("**/.env*")).build())
        .build();
    Path file = dir.resolve("audit.jsonl");
    CallContext ctx = CallContext.builder().conversationId("audited").build();
    try (AuditLog log = AuditLog.open(file)) {
      AgentGuard guard = AgentGuard.builder().policy(policy).environment(GuardEnvironment.ofWorkspace(ws))
          .listener(log).build();
      var guarded = guard.wrap(c -> ToolResult.of("ok"));
      guarded.execute(new ToolCall("c1", "read_file", "{\"path\":\".env\"}", ctx));
      guarded.execute(new ToolCall("c2", "read_file", "{\"path\":\"a.txt\"}", ctx));
    }
    List<JsonNode> decided = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode n = new ObjectMapper().readTree(line);
      if (n.has("decisions")) {
        decided.add(n);
      }
    }
    assertThat(decided).hasSize(2);
    assertThat(decided.get(1).get("session").asText()).contains("conversation audited")
        .contains("labels: private (call c1 read_file: read .env)");
    assertThat(AuditLogVerifier.verify(file).ok()).isTrue();
  }
}
