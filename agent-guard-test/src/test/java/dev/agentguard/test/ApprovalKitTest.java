package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5 (approval gate) through the kit: the agent proposes, a human disposes. The policy's approval timeout is
 * 300ms of the kit's {@link FakeClock}: a deadline passes only when a test advances the clock, so a slow machine
 * cannot time a held approval out before the test answers it.
 */
class ApprovalKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .customize((builder, fixture) -> builder.approvalTimeouts(fixture.clock().timeouts()));

  private final List<ToolCall> ran = new CopyOnWriteArrayList<>();
  private final ToolExecutor tools = call -> {
    ran.add(call);
    return ToolResult.of("deployed " + call.argumentsJson());
  };

  private static ToolCall deploy(String conversation) {
    return ToolCalls.call("deploy_prod").arg("version", "1.4.2")
        .conversation(conversation)
        .rationale("the release checklist is green")
        .alternative("deploy_staging")
        .build();
  }

  @Test
  void aDeployWaitsForApprovalAndRunsAfterIt(AgentGuard guard, ScriptedApprover approver,
      RecordingListener events) throws Exception {
    approver.holdNext(1);
    ToolExecutor guarded = guard.wrap(tools);
    ToolCall call = deploy("conv-1");

    CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> {
      try {
        return guarded.execute(call);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    ScriptedApprover.PendingApproval pending = approver.awaitPending(Duration.ofSeconds(5));
    ApprovalRequest request = pending.request();
    assertThat(ran).as("the tool must not run before the approval").isEmpty();
    assertThat(result).isNotDone();
    assertThat(request.call()).isEqualTo(call);
    assertThat(request.rationale()).contains("the release checklist is green");
    assertThat(request.ruleIds()).containsExactly("deploys-need-signoff");
    assertThat(request.fingerprint()).hasSize(64);
    assertThat(events.approvalRequests()).hasSize(1);

    pending.approve();

    assertThat(result.get(5, TimeUnit.SECONDS).content()).isEqualTo("deployed {\"version\":\"1.4.2\"}");
    assertThat(ran).containsExactly(call);
    assertThat(events.approvalResolutions()).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("approved"));
    assertThat(events.completions()).hasSize(1);
  }

  @Test
  void aRefusalStopsTheToolAndTellsTheModelWhy(AgentGuard guard, ScriptedApprover approver,
      RecordingListener events) {
    approver.denyNext(1, "change freeze until Monday");
    assertThatThrownBy(() -> guard.wrap(tools).execute(deploy("conv-1")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> assertThat(e.decision())
            .isDeny().byRule("approval.denied").because("change freeze until Monday"));
    assertThat(ran).isEmpty();
    assertThat(events.denialDecisions()).singleElement()
        .satisfies(d -> assertThat(d).byRule("approval.denied"));
  }

  @Test
  void aSessionApprovalCoversTheSameCallInTheSameConversationOnly(AgentGuard guard, ScriptedApprover approver)
      throws Exception {
    approver.approveNextForSession(1);
    ToolExecutor guarded = guard.wrap(tools);
    guarded.execute(deploy("conv-1"));
    guarded.execute(deploy("conv-1"));
    assertThat(approver.requestCount()).as("the second identical call reuses the session approval").isEqualTo(1);
    assertThatThrownBy(() -> guarded.execute(deploy("conv-2"))).isInstanceOf(ToolCallDeniedException.class);
    assertThatThrownBy(() -> guarded.execute(
        ToolCalls.call("deploy_prod").arg("version", "9.9.9").conversation("conv-1").build()))
        .as("other arguments are another fingerprint")
        .isInstanceOf(ToolCallDeniedException.class);
    assertThat(approver.requestCount()).isEqualTo(3);
    assertThat(ran).hasSize(2);
  }

  @Test
  void anUnansweredRequestTimesOutClosed(AgentGuard guard, ScriptedApprover approver, FakeClock clock,
      RecordingListener events) throws Exception {
    approver.neverAnswerNext(1);
    clock.set(Instant.parse("2026-06-01T08:00:00Z"));
    CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> {
      try {
        return guard.wrap(tools).execute(deploy("conv-1"));
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    approver.awaitRequests(1, Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(300));
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision()).isDeny().byRule("approval.timeout").because("no answer within"));
    assertThat(ran).isEmpty();
    ApprovalRequest request = approver.lastRequest();
    assertThat(request.createdAt()).isEqualTo(Instant.parse("2026-06-01T08:00:00Z"));
    assertThat(request.expiresAt()).isEqualTo(Instant.parse("2026-06-01T08:00:00.300Z"));
    assertThat(events.approvalResolutions()).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("timeout"));
    assertThat(approver.pending()).as("the guard cancelled the request it gave up on").isEmpty();
  }

  @Test
  void standingRulesForWhatAHumanWouldNeverApprove(AgentGuard guard, ScriptedApprover approver) throws Exception {
    approver.denyWhen(r -> r.call().argumentsJson().contains("--force"), "no forced pushes")
        .otherwiseApprove();
    ToolExecutor guarded = guard.wrap(tools);
    assertThat(guard).asks(ToolCalls.shell("git push origin main")).because("publishes");
    guarded.execute(ToolCalls.shell("git push origin main").build());
    assertThatThrownBy(() -> guarded.execute(ToolCalls.shell("git push --force origin main").build()))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision()).because("no forced pushes"));
    assertThat(ran).hasSize(1);
  }

  @Test
  void aRecordingApproverWrapsTheRealOne(AgentGuard guard) throws Exception {
    RecordingApprover recording = RecordingApprover.approvingAll("ops-bot");
    AgentGuard withRecording = AgentGuard.builder()
        .policy(guard.policy())
        .environment(guard.environment())
        .approver(recording)
        .build();
    withRecording.wrap(tools).execute(deploy("conv-1"));
    withRecording.wrap(tools).execute(ToolCalls.readFile("README.md").build());
    assertThat(recording.requests()).extracting(r -> r.call().toolName()).containsExactly("deploy_prod");
    assertThat(recording.responses()).singleElement().satisfies(r -> assertThat(r.decidedBy()).isEqualTo("ops-bot"));
    assertThat(ran).hasSize(2);
    assertThat(GuardEvent.class).isNotNull();
  }
}
