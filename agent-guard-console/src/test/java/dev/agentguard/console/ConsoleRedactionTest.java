package dev.agentguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fixtures.SecretCall;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.core.telemetry.Redactor;
import dev.agentguard.ops.approval.ApprovalInbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web console serves only the guard's redacted view: even configured to redact nothing itself, its pending
 * list (what the browser gets and may keep) holds none of the call's secrets. On the old main it served the raw
 * call to a console built with {@code Redactor.none()}.
 */
class ConsoleRedactionTest {

  @Test
  void thePendingListHoldsNoSecret() throws Exception {
    ApprovalInbox inbox = ApprovalInbox.create();
    CompletableFuture<ApprovalRequest> arrived = new CompletableFuture<>();
    inbox.addListener(arrived::complete);
    ApprovalConsole console = ApprovalConsole.builder(inbox).redactor(Redactor.none()).announceTo(null).build()
        .start();
    ToolCall call = SecretCall.deploy();
    try (AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "deploys need sign-off")).build())
        .approver(inbox).build()) {
      CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> {
        try {
          return guard.wrap(c -> ToolResult.of(c.argumentsJson().contains("pw-Quokka-0101") ? "real" : "redacted"))
              .execute(call);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      ApprovalRequest request = arrived.get(30, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> pending = http.send(HttpRequest.newBuilder(URI.create(console.address() + "/api/pending"))
          .header("Authorization", "Bearer " + console.token()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(pending.statusCode()).isEqualTo(200);
      for (String secret : SecretCall.SECRETS) {
        assertThat(pending.body()).as("what the console serves").doesNotContain(secret);
      }
      assertThat(pending.body()).contains(request.requestId()).contains("deploys-need-signoff")
          .contains("[REDACTED]");
      inbox.approve(request.requestId(), "ops");
      assertThat(result.get(30, TimeUnit.SECONDS).content()).as("the approved call runs unredacted").isEqualTo("real");
    } finally {
      console.close();
    }
  }
}
