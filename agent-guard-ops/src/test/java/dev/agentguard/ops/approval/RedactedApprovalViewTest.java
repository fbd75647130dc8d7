package dev.agentguard.ops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.core.telemetry.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The inbox, its store and the console prompt only ever get the guard's redacted view of a request: even a
 * console approver configured to redact nothing itself, and an inbox whose listener keeps every request, never
 * see a secret of the call. On the old main the raw call reached them.
 */
class RedactedApprovalViewTest {

  static final String TOKEN = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8";
  static final List<String> SECRETS = List.of("pw-Quokka-0101", "hunter2-Wallaby-77", "tok-Numbat-42",
      "key-Bilby-31", "s3ss-Possum-13", TOKEN, "Sunshine-Kookaburra");

  static ToolCall call() {
    return ToolCall.of("deploy", "{\"service\":\"web\",\"target\":\"https://ci.example.com/\","
        + "\"pwd\":\"pw-Quokka-0101\",\"password\":"
        + "\"hunter2-Wallaby-77\",\"token\":\"tok-Numbat-42\",\"api_key\":\"key-Bilby-31\",\"url\":"
        + "\"https://deploy:Sunshine-Kookaburra@ci.example.com/\",\"header\":\"Bearer " + TOKEN + "\"}",
        CallContext.builder().conversationId("conv-1").rationale("deploying with " + TOKEN)
            .attribute("session_token", "s3ss-Possum-13").build());
  }

  static AgentGuard guard(Approver approver) {
    return AgentGuard.builder()
        .policy(Policy.builder()
            .tool(ToolDescriptor.of("deploy", ToolDescriptor.ResourceSpec.url("/target")))
            .allowHost("ci.example.com")
            .rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "deploys need sign-off"))
            .build())
        .hostResolver(host -> List.of(java.net.InetAddress.getByAddress(host, new byte[] {93, (byte) 184, 1, 1})))
        .approver(approver).build();
  }

  static void assertNoSecret(String what, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as(what).doesNotContain(secret);
    }
  }

  @Test
  void aConsoleApproverThatRedactsNothingPrintsNoSecret() throws Exception {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ConsoleApprover console = new ConsoleApprover(new StringReader("y\n"),
        new PrintStream(terminal, true, StandardCharsets.UTF_8), Redactor.none(), "tester");
    List<ToolCall> ran = new CopyOnWriteArrayList<>();
    try (AgentGuard guard = guard(console)) {
      ToolExecutor tool = guard.wrap(c -> {
        ran.add(c);
        return ToolResult.of("deployed");
      });
      assertThat(tool.execute(call()).content()).isEqualTo("deployed");
    }
    String printed = terminal.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("deploy").contains("deploys-need-signoff");
    assertNoSecret("what the console printed", printed);
    assertThat(ran).singleElement().satisfies(c -> assertThat(c.argumentsJson()).contains("pw-Quokka-0101"));
  }

  @Test
  void theInboxItsStoreAndItsListenersHoldNoSecret() throws Exception {
    InMemoryApprovalStore store = new InMemoryApprovalStore();
    ApprovalInbox inbox = ApprovalInbox.builder().store(store).build();
    List<ApprovalRequest> heard = new CopyOnWriteArrayList<>();
    List<String> stored = new CopyOnWriteArrayList<>();
    inbox.addListener(new ApprovalInbox.Listener() {
      @Override
      public void onRequest(ApprovalRequest request) {
        heard.add(request);
        inbox.find(request.requestId()).ifPresent(a -> stored.add(a + " " + a.request()));
        Thread answer = new Thread(() -> inbox.approve(request.requestId(), "ops"));
        answer.start();
      }
    });
    try (AgentGuard guard = guard(inbox)) {
      assertThat(guard.wrap(c -> ToolResult.of("deployed")).execute(call()).content()).isEqualTo("deployed");
    }
    assertThat(heard).hasSize(1);
    ApprovalRequest r = heard.get(0);
    String seen = String.join("\n", r.toString(), r.call().argumentsJson(), r.call().context().toString(),
        r.call().context().attributes().toString(), r.rationale().orElse(""), r.resources().toString(),
        r.reasons().toString(), inbox.find(r.requestId()).map(a -> a + " " + a.request().call().argumentsJson())
            .orElse(""), String.join("\n", stored));
    assertNoSecret("what the inbox, its store and its listener hold", seen);
    assertThat(seen).contains("[REDACTED]");
  }
}
