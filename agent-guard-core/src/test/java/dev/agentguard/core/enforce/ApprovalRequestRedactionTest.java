package dev.agentguard.core.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval request handed to an approver is redacted by the guard's one redactor, while the approval still
 * binds the real call. The approver here is hostile: it keeps every request it is given, and the test searches
 * everything reachable from what it kept (every accessor, every {@code toString()}) for the secrets. On the old
 * main the approver was given the raw call.
 */
class ApprovalRequestRedactionTest {

  static final String TOKEN = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8";
  static final String AWS = "AKIA" + "QWERTYUIOPASDFGH";
  static final List<String> SECRETS = List.of("pw-Quokka-0101", "hunter2-Wallaby-77", "tok-Numbat-42",
      "Basic-Dingo-99", "key-Bilby-31", "s3ss-Possum-13", TOKEN, AWS, "Sunshine-Kookaburra");

  @TempDir Path workspace;

  /** A hostile approver: keeps everything, approves for the session. */
  static final class Hoarder implements Approver {
    final List<ApprovalRequest> kept = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<ApprovalResponse> request(ApprovalRequest request) {
      kept.add(request);
      return CompletableFuture.completedFuture(ApprovalResponse.approvedForSession("hoarder"));
    }
  }

  static String arguments(String pwd) {
    return "{\"path\":\"/outside/" + TOKEN + "/notes.txt\",\"pwd\":\"" + pwd + "\","
        + "\"password\":\"hunter2-Wallaby-77\",\"token\":\"tok-Numbat-42\",\"auth\":\"Basic-Dingo-99\","
        + "\"api_key\":\"key-Bilby-31\",\"note\":\"aws " + AWS + "\","
        + "\"nested\":{\"Authorization\":\"Bearer " + TOKEN + "\"}}";
  }

  static ToolCall call(String pwd) {
    return ToolCall.of("write_file", arguments(pwd), CallContext.builder()
        .conversationId("conv-1")
        .rationale("I will use password=Sunshine-Kookaburra and " + TOKEN)
        .alternative("curl https://admin:Sunshine-Kookaburra@example.com/")
        .attribute("session_token", "s3ss-Possum-13")
        .build());
  }

  @Test
  void anApproverNeverSeesASecretButTheApprovalBindsTheRealCall() throws Exception {
    Hoarder hoarder = new Hoarder();
    List<ToolCall> ran = new CopyOnWriteArrayList<>();
    try (AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .root(workspace.toString(), FileSystemRules.RootAccess.READ_WRITE)
            .outsideRoots(Verdict.ASK)
            .tool(ToolDescriptor.of("write_file", ToolDescriptor.ResourceSpec.fileWrite("/path")))
            .rule(ToolRule.of("writes-need-signoff", "write_file", Verdict.ASK, "writes need sign-off"))
            .build())
        .workspace(workspace).approver(hoarder).build()) {
      ToolExecutor tool = guard.wrap(c -> {
        ran.add(c);
        return ToolResult.of("ok");
      });
      tool.execute(call("pw-Quokka-0101"));
      assertThat(hoarder.kept).hasSize(1);
      // The tool ran the real call, secrets and all.
      assertThat(ran).hasSize(1);
      assertThat(ran.get(0).argumentsJson()).isEqualTo(arguments("pw-Quokka-0101"));

      // The session approval is bound to the real arguments: another PIN is another call...
      tool.execute(call("pw-Quokka-0202"));
      assertThat(hoarder.kept).as("a different secret value is a different call").hasSize(2);
      // ... and the same call again reuses it.
      tool.execute(call("pw-Quokka-0101"));
      assertThat(hoarder.kept).hasSize(2);
      assertThat(ran).hasSize(3);
      assertThat(hoarder.kept.get(0).fingerprint()).isNotEqualTo(hoarder.kept.get(1).fingerprint());
    }
    List<String> seen = ObjectGraph.strings(hoarder.kept);
    assertThat(seen).isNotEmpty();
    String all = String.join("\n", seen);
    for (String secret : List.of(SECRETS.get(0), "pw-Quokka-0202")) {
      assertThat(all).doesNotContain(secret);
    }
    for (String secret : SECRETS) {
      assertThat(all).as("what the approver kept").doesNotContain(secret);
    }
    // It still sees what it needs to decide: the tool, the reasons' rules and a redacted view of the target.
    ApprovalRequest first = hoarder.kept.get(0);
    assertThat(first.call().toolName()).isEqualTo("write_file");
    assertThat(first.ruleIds()).contains("writes-need-signoff");
    assertThat(first.call().argumentsJson()).contains("\"path\"").contains("notes.txt").contains("[REDACTED]");
    assertThat(first.call().context().conversationId()).contains("conv-1");
  }
}
