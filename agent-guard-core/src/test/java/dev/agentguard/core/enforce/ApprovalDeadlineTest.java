package dev.agentguard.core.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an approver can and cannot do to a waiting call (issue 15, items 1, 2 and 4). */
class ApprovalDeadlineTest {

  private static final Duration TIMEOUT = Duration.ofMillis(200);

  private final AtomicInteger runs = new AtomicInteger();
  private final ToolExecutor tool = call -> {
    runs.incrementAndGet();
    return ToolResult.of("deployed");
  };
  private final CountDownLatch release = new CountDownLatch(1);
  private AgentGuard guard;

  @AfterEach
  void tearDown() {
    release.countDown();
    if (guard != null) {
      guard.close();
    }
  }

  private static Policy asking(Duration timeout) {
    return Policy.builder().rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "sign-off"))
        .approvalTimeout(timeout).build();
  }

  private ToolExecutor guarded(Approver approver, Recorder events) {
    guard = AgentGuard.builder().policy(asking(TIMEOUT)).approver(approver).listener(events).build();
    return guard.wrap(tool);
  }

  /**
   * Item 1: an approver that blocks the calling thread (as a console prompt does) and then approves cannot
   * hold the caller past {@code approvals.timeout}: the call is denied {@code approval.timeout} long before the
   * approver returns, the tool never runs, and the late approval is recorded. On the old main the call waited
   * for the approver and the tool ran.
   */
  @Test
  void aBlockingApproverCannotHoldTheCallerPastTheTimeout() throws Exception {
    Recorder events = new Recorder();
    ToolExecutor guarded = guarded(request -> {
      awaitQuietly(release);
      return CompletableFuture.completedFuture(ApprovalResponse.approved("slow"));
    }, events);

    assertThatThrownBy(() -> guarded.execute(ToolCall.of("deploy", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("approval.timeout"));
    assertThat(runs).hasValue(0);
    release.countDown(); // the approver now says yes, too late
    GuardEvent.LateApproval late = events.await(GuardEvent.LateApproval.class);
    assertThat(late.response().isApproved()).isTrue();
    assertThat(late.executionId()).isEqualTo(events.of(GuardEvent.CallStarted.class).get(0).executionId());
    assertThat(runs).hasValue(0);
  }

  /**
   * Item 1: a stage that ignores {@code cancel()} and approves after the deadline changes nothing: denied
   * {@code approval.timeout}, tool not run, late answer recorded. On the old main the tool ran.
   */
  @Test
  void aStageThatIgnoresCancelAndApprovesLateIsRefusedAndRecorded() throws Exception {
    Recorder events = new Recorder();
    CompletableFuture<ApprovalResponse> source = new CompletableFuture<>();
    ToolExecutor guarded = guarded(request -> source.minimalCompletionStage(), events);
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("deploy", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("approval.timeout"));
    source.complete(ApprovalResponse.approved("late"));
    assertThat(events.await(GuardEvent.LateApproval.class).response().decidedBy()).isEqualTo("late");
    assertThat(events.of(GuardEvent.ApprovalResolved.class)).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("timeout"));
    assertThat(runs).hasValue(0);
  }

  /**
   * Item 1: an approver that never returns is no reason to wait forever, and {@code close()} ends every
   * waiting call at once. The timeout is an hour so only {@code close()} can end the call. On the old main the
   * caller stayed inside the approver and {@code close()} did not free it.
   */
  @Test
  void closeEndsEveryWaitingCallAtOnceEvenWithAnApproverThatNeverReturns() throws Exception {
    CountDownLatch asked = new CountDownLatch(3);
    guard = AgentGuard.builder().policy(asking(Duration.ofHours(1))).approver(request -> {
      asked.countDown();
      awaitQuietly(release);
      return CompletableFuture.completedFuture(ApprovalResponse.approved("never"));
    }).build();
    ToolExecutor guarded = guard.wrap(tool);
    CompletableFuture<?>[] calls = new CompletableFuture<?>[3];
    for (int i = 0; i < calls.length; i++) {
      calls[i] = runAsync(guarded, ToolCall.of("deploy", "{\"n\":" + i + "}"));
    }
    assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
    guard.close();
    for (CompletableFuture<?> c : calls) {
      assertThatThrownBy(() -> c.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("approval.closed"));
    }
    assertThat(runs).hasValue(0);
  }

  /**
   * Item 2: any {@link Throwable} from an approver (a {@code StackOverflowError}, an undeclared checked
   * exception) is a recorded denial with its own reason, and the request is released. On the old main it
   * reached the caller raw with no {@code ApprovalResolved} event.
   */
  @Test
  void anyThrowableFromTheApproverIsARecordedDenial() throws Exception {
    for (Throwable thrown : new Throwable[] {new StackOverflowError(), new java.io.IOException("undeclared"),
        new LinkageError("odd")}) {
      Recorder events = new Recorder();
      ToolExecutor guarded = guarded(request -> sneakyThrow(thrown), events);
      assertThatThrownBy(() -> guarded.execute(ToolCall.of("deploy", "{}")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
            assertThat(e.decision().rule()).isEqualTo("approval.error");
            assertThat(e.decision().reason()).contains(thrown.getClass().getSimpleName());
          });
      assertThat(events.of(GuardEvent.ApprovalResolved.class)).singleElement()
          .satisfies(r -> assertThat(r.outcome()).isEqualTo("error"));
      assertThat(events.terminals()).isEqualTo(1);
      guard.close();
    }
    assertThat(runs).hasValue(0);
  }

  /**
   * Item 4: a call waits for approval; the policy is replaced by one that denies the tool (an emergency
   * freeze); the approval then arrives: the call is refused ({@code approval.policy-changed}). On the old main
   * the call ran.
   */
  @Test
  void anApprovalArrivingAfterAFreezeDoesNotRunTheCall() throws Exception {
    CompletableFuture<ApprovalResponse> answer = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    guard = AgentGuard.builder().policy(asking(Duration.ofMinutes(5))).approver(request -> {
      asked.countDown();
      return answer;
    }).build();
    ToolExecutor guarded = guard.wrap(tool);
    CompletableFuture<ToolResult> call = runAsync(guarded, ToolCall.of("deploy", "{}"));
    assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();

    AgentGuard frozen = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("freeze", "deploy", Verdict.DENY, "emergency freeze")).build())
        .build();
    guard.supersededBy(frozen);
    answer.complete(ApprovalResponse.approved("alice"));

    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
          assertThat(e.decision().rule()).isEqualTo("approval.policy-changed");
          assertThat(e.decision().reason()).contains("emergency freeze");
        });
    assertThat(runs).hasValue(0);
  }

  static <T> CompletableFuture<T> runAsync(ToolExecutor guarded, ToolCall call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        @SuppressWarnings("unchecked")
        T r = (T) guarded.execute(call);
        out.complete(r);
      } catch (Throwable e) {
        out.completeExceptionally(e);
      }
    });
    t.setDaemon(true);
    t.start();
    return out;
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> CompletionStage<ApprovalResponse> sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

}
