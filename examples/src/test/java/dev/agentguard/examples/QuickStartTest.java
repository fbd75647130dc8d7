package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start does what the README says it does. */
class QuickStartTest {

  @TempDir Path workspace;

  private AgentGuard guard(ApprovalResponse answer) {
    return QuickStart.guard(workspace, request -> CompletableFuture.completedFuture(answer));
  }

  @Test
  void theQuickStartPolicyDecidesAsItsCommentsSay() {
    AgentGuard guard = guard(ApprovalResponse.approved("ops"));
    assertThat(guard.evaluate(ToolCall.of("read_file", "{\"path\":\"notes.md\"}")).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(guard.evaluate(ToolCall.of("read_file", "{\"path\":\"config/.env\"}")).verdict())
        .isEqualTo(Verdict.DENY);
    // api.github.com is allowed by name; the system resolver must still answer with a public address, and a
    // machine without DNS fails closed.
    Decision github = guard.evaluate(ToolCall.of("fetch", "{\"url\":\"https://api.github.com/repos\"}")).decision();
    assertThat(github.isAllow() || github.rule().equals("network.resolution-failed")).as(github.toString()).isTrue();
    assertThat(guard.evaluate(ToolCall.of("fetch", "{\"url\":\"https://evil.com/x\"}")).verdict())
        .isEqualTo(Verdict.DENY);
    assertThat(guard.evaluate(ToolCall.of("fetch", "{\"url\":\"http://169.254.169.254/\"}")).decision().rule())
        .isEqualTo("network.metadata");
    assertThat(guard.evaluate(ToolCall.of("shell", "{\"command\":\"git status\"}")).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(guard.evaluate(ToolCall.of("shell", "{\"command\":\"rm -rf build\"}")).verdict())
        .isEqualTo(Verdict.DENY);
    assertThat(guard.evaluate(ToolCall.of("shell", "{\"command\":\"make\"}")).verdict())
        .isEqualTo(Verdict.ASK);
    assertThat(guard.evaluate(ToolCall.of("deploy_prod", "{}")).decision().rule())
        .isEqualTo("deploys-need-signoff");
  }

  @Test
  void aDeployRunsOnlyAfterTheApproverSaysYes() throws Exception {
    ToolExecutor tool = call -> ToolResult.of("deployed");
    assertThat(guard(ApprovalResponse.approved("ops")).wrap(tool)
        .execute(ToolCall.of("deploy_prod", "{}")).content()).isEqualTo("deployed");
    assertThatThrownBy(() -> guard(ApprovalResponse.denied("ops", "not today")).wrap(tool)
        .execute(ToolCall.of("deploy_prod", "{}")))
        .isInstanceOf(ToolCallDeniedException.class);
  }
}
