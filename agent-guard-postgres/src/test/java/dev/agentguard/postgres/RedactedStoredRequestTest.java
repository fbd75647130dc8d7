package dev.agentguard.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fixtures.SecretCall;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.ops.approval.ApprovalInbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL store keeps of a request is the guard's redacted view: a whole-table dump of the real
 * database after an approved call holds none of the call's secrets. On the old main the raw arguments, rationale
 * and attributes were stored.
 */
class RedactedStoredRequestTest {

  @Test
  void theDatabaseNeverHoldsASecretOfTheCall() throws Exception {
    PostgresServer server = PostgresServer.shared();
    server.reset();
    TestPool pool = new TestPool(server.plainDataSource());
    PostgresApprovalStore store = PostgresApprovalStore.create(pool);
    ApprovalInbox inbox = ApprovalInbox.builder().store(store).build();
    List<ApprovalRequest> heard = new CopyOnWriteArrayList<>();
    inbox.addListener(request -> {
      heard.add(request);
      new Thread(() -> inbox.approve(request.requestId(), "ops")).start();
    });
    ToolCall call = SecretCall.deploy();
    List<ToolCall> ran = new CopyOnWriteArrayList<>();
    try (AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "deploys need sign-off")).build())
        .approver(inbox).build()) {
      guard.wrap(c -> {
        ran.add(c);
        return ToolResult.of("deployed");
      }).execute(call);
    } finally {
      store.close();
    }
    assertThat(heard).hasSize(1);
    assertThat(ran).singleElement().satisfies(c -> assertThat(c.argumentsJson()).contains("pw-Quokka-0101"));
    List<String> rows = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT t::text FROM agent_guard_approvals t")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } finally {
      pool.closeIdle();
    }
    assertThat(rows).hasSize(1);
    for (String secret : SecretCall.SECRETS) {
      assertThat(rows.get(0)).as("the stored row").doesNotContain(secret);
    }
    assertThat(rows.get(0)).contains("deploy_web").contains("[REDACTED]");
  }
}
