package dev.agentguard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.GuardEnvironment;
import dev.agentguard.core.audit.AuditLog;
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
    SessionFixture f = new SessionFixture(dir);
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      AgentGuard guard = AgentGuard.builder()
          .policy(SessionFixture.policy("session: { private: [ \"${home}/.aws/**\" ] }\n"))
          .environment(new GuardEnvironment(f.workspace, f.home, f.workspace))
          .listener(log)
          .build();
      var guarded = guard.wrap(c -> ToolResult.of("ok"));
      guarded.execute(f.readAws("audited"));
      guarded.execute(f.call("audited", "echo", "{}"));
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
        .contains("labels: private (call c1 read_file: read " + f.home.resolve(".aws/credentials"));
  }
}
