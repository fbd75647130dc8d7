package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** ScriptedApprover and RecordingApprover on their own, without a guard. */
class ApproversTest {

  private static ApprovalRequest request(String tool) {
    ToolCall call = ToolCalls.call(tool).build();
    return new ApprovalRequest("r-" + tool, call, List.of(), List.of(), "f".repeat(64),
        Instant.EPOCH, Instant.EPOCH.plusSeconds(60));
  }

  private static ApprovalResponse answer(ScriptedApprover a, String tool) {
    return a.request(request(tool)).toCompletableFuture().join();
  }

  @Test
  void unscriptedRequestsAreDenied() {
    ScriptedApprover a = ScriptedApprover.create();
    ApprovalResponse r = answer(a, "deploy");
    assertThat(r.isApproved()).isFalse();
    assertThat(r.decidedBy()).isEqualTo("scripted-approver");
    assertThat(r.comment()).isEqualTo("no scripted answer");
  }

  @Test
  void scriptIsFirstInFirstOutThenFallback() {
    ScriptedApprover a = ScriptedApprover.create("alice").approveNext(2).denyNext(1, "no").approveNextForSession(1);
    assertThat(a.remainingScript()).isEqualTo(4);
    assertThat(answer(a, "t").isApproved()).isTrue();
    assertThat(answer(a, "t").scope()).isEqualTo(ApprovalResponse.Scope.ONCE);
    ApprovalResponse denied = answer(a, "t");
    assertThat(denied.isApproved()).isFalse();
    assertThat(denied.comment()).isEqualTo("no");
    assertThat(answer(a, "t").scope()).isEqualTo(ApprovalResponse.Scope.SESSION);
    assertThat(answer(a, "t").isApproved()).isFalse();
    a.otherwiseApprove();
    assertThat(answer(a, "t").isApproved()).isTrue();
    a.otherwiseApproveForSession();
    assertThat(answer(a, "t").scope()).isEqualTo(ApprovalResponse.Scope.SESSION);
    a.otherwiseDeny("closed");
    assertThat(answer(a, "t").comment()).isEqualTo("closed");
    assertThat(a.requestCount()).isEqualTo(8);
    assertThat(a.lastRequest().call().toolName()).isEqualTo("t");
    assertThat(a.decidedBy()).isEqualTo("alice");
  }

  @Test
  void standingRulesComeBeforeTheScript() {
    ScriptedApprover a = ScriptedApprover.create()
        .denyWhen(r -> r.call().toolName().equals("deploy_prod"), "not on a Friday")
        .approveWhen(r -> r.call().toolName().startsWith("deploy_"))
        .denyNext(1, "scripted");
    assertThat(answer(a, "deploy_prod").comment()).isEqualTo("not on a Friday");
    assertThat(answer(a, "deploy_staging").isApproved()).isTrue();
    assertThat(answer(a, "other").comment()).isEqualTo("scripted");
    assertThat(a.remainingScript()).isZero();
  }

  @Test
  void heldRequestsWaitForTheTest() throws Exception {
    ScriptedApprover a = ScriptedApprover.create().holdNext(2);
    CompletableFuture<ApprovalResponse> first = a.request(request("one")).toCompletableFuture();
    CompletableFuture<ApprovalResponse> second = a.request(request("two")).toCompletableFuture();
    assertThat(first).isNotDone();
    assertThat(a.pending()).hasSize(2);
    ScriptedApprover.PendingApproval p = a.awaitPending(Duration.ofSeconds(1));
    assertThat(p.request().call().toolName()).isEqualTo("one");
    assertThat(p.approveForSession()).isTrue();
    assertThat(p.deny("late")).isFalse();
    assertThat(first.join().scope()).isEqualTo(ApprovalResponse.Scope.SESSION);
    ScriptedApprover.PendingApproval q = a.awaitPending(Duration.ofSeconds(1));
    second.cancel(true); // what the guard does on a timeout
    assertThat(q.isCancelled()).isTrue();
    assertThat(q.approve()).isFalse();
    assertThat(a.pending()).isEmpty();
    assertThatThrownBy(() -> a.awaitPending(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
  }

  @Test
  void neverAnsweredAndAwaitRequests() throws Exception {
    ScriptedApprover a = ScriptedApprover.create().otherwiseNeverAnswer();
    Thread t = new Thread(() -> a.request(request("late")));
    t.start();
    assertThat(a.awaitRequests(1, Duration.ofSeconds(5))).hasSize(1);
    t.join();
    assertThat(a.pending()).hasSize(1);
    assertThatThrownBy(() -> a.awaitRequests(2, Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class).hasMessageContaining("got 1");
    assertThatThrownBy(() -> ScriptedApprover.create().lastRequest()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadScripts() {
    assertThatThrownBy(() -> ScriptedApprover.create().approveNext(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> ScriptedApprover.create(null)).hasMessageContaining("decidedBy");
    assertThatThrownBy(() -> ScriptedApprover.create(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> ScriptedApprover.create().denyWhen(null, "x")).hasMessageContaining("when");
    assertThatThrownBy(() -> ScriptedApprover.create().denyNext(1, null)).hasMessageContaining("comment");
  }

  @Test
  void recordingApproverRecordsRequestsAndAnswers() {
    ScriptedApprover script = ScriptedApprover.create("bob").approveNext(1).holdNext(1);
    RecordingApprover a = RecordingApprover.of(script);
    assertThat(a.request(request("one")).toCompletableFuture().join().isApproved()).isTrue();
    CompletableFuture<ApprovalResponse> held = a.request(request("two")).toCompletableFuture();
    assertThat(a.requests()).extracting(r -> r.call().toolName()).containsExactly("one", "two");
    assertThat(a.responses()).hasSize(1);
    assertThat(a.exchanges().get(1).response()).isEmpty();
    script.pending().get(0).deny("no");
    assertThat(held.join().isApproved()).isFalse();
    assertThat(a.responses()).extracting(ApprovalResponse::decidedBy).containsExactly("bob", "bob");
    assertThat(RecordingApprover.approvingAll("x").request(request("t")).toCompletableFuture().join().isApproved())
        .isTrue();
    assertThat(RecordingApprover.denyingAll("x").request(request("t")).toCompletableFuture().join().isApproved())
        .isFalse();
  }

  @Test
  void recordingApproverRecordsFailures() {
    RecordingApprover failing = RecordingApprover.of(r -> CompletableFuture.failedFuture(new IllegalStateException("x")));
    failing.request(request("t"));
    assertThat(failing.exchanges().get(0).failure()).containsInstanceOf(IllegalStateException.class);
    RecordingApprover throwing = RecordingApprover.of(r -> {
      throw new IllegalStateException("sync");
    });
    assertThatThrownBy(() -> throwing.request(request("t"))).hasMessage("sync");
    assertThat(throwing.exchanges().get(0).failure()).isPresent();
    assertThatThrownBy(() -> RecordingApprover.of(null)).hasMessageContaining("delegate");
  }
}
