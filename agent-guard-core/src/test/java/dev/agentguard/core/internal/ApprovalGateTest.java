package dev.agentguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.approval.TimeoutScheduler;
import dev.agentguard.core.fixtures.GateHarness;
import dev.agentguard.core.fixtures.ManualDeadlines;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalGateTest {

  private static ToolCall deploy(String service, String conversation) {
    CallContext.Builder ctx = CallContext.builder().rationale("the tests pass; ship it");
    if (conversation != null) {
      ctx.conversationId(conversation);
    }
    return new ToolCall("c-" + service, "deploy_service", "{\"service\":\"" + service + "\",\"env\":\"prod\"}",
        ctx.build());
  }

  @Test
  void approvedCallRunsAndTheEventsCarryApproverScopeAndWait() throws Exception {
    try (GateHarness h = new GateHarness(Approvers.alwaysApprove("alice@example.com"))) {
      assertThat(h.run(deploy("web", "conv-1")).content()).isEqualTo("ran c-web");

      assertThat(h.runs).hasValue(1);
      assertThat(h.events).hasSize(2);
      GuardEvent.ApprovalRequested requested = (GuardEvent.ApprovalRequested) h.events.get(0);
      GuardEvent.ApprovalResolved resolved = (GuardEvent.ApprovalResolved) h.events.get(1);
      assertThat(resolved.request()).isEqualTo(requested.request());
      assertThat(resolved.outcome()).isEqualTo("approved");
      assertThat(resolved.response().decidedBy()).isEqualTo("alice@example.com");
      assertThat(resolved.response().scope()).isEqualTo(ApprovalResponse.Scope.ONCE);
      assertThat(resolved.waited().isNegative()).isFalse();
    }
  }

  @Test
  void theRequestCarriesTheCallReasonsRationaleFingerprintAndDeadline() throws Exception {
    AtomicReference<ApprovalRequest> seen = new AtomicReference<>();
    Approver approver = request -> {
      seen.set(request);
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
    };
    List<Resource> resources = List.of(new Resource.NetworkAccess("https://deploy.example.com/web"));
    try (GateHarness h = new GateHarness(approver, Duration.ofSeconds(90), new ManualDeadlines())) {
      ToolCall call = deploy("web", "conv-1");
      h.run(GateHarness.ask(call, resources));

      ApprovalRequest r = seen.get();
      assertThat(r.call()).isEqualTo(call);
      assertThat(r.resources()).isEqualTo(resources);
      assertThat(r.reasons()).extracting(Decision::rule).containsExactly("needs-signoff");
      assertThat(r.ruleIds()).containsExactly("needs-signoff");
      assertThat(r.rationale()).contains("the tests pass; ship it");
      assertThat(r.fingerprint()).isEqualTo(Fingerprints.of(call, resources)).hasSize(64);
      assertThat(r.createdAt()).isEqualTo(GateHarness.FIXED.instant());
      assertThat(r.expiresAt()).isEqualTo(r.createdAt().plusSeconds(90));
      assertThat(r.requestId()).isNotBlank();
    }
  }

  @Test
  void aDenialByTheApproverSaysWhoAndWhy() {
    try (GateHarness h = new GateHarness(request -> CompletableFuture.completedFuture(
        ApprovalResponse.denied("bob@example.com", "change freeze")))) {
      assertThatThrownBy(() -> h.run(deploy("web", null)))
          .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
            assertThat(e.decision().rule()).isEqualTo("approval.denied");
            assertThat(e.decision().check()).isEqualTo("approval");
            assertThat(e.decision().reason()).isEqualTo("refused by bob@example.com: change freeze");
          });
      assertThat(h.runs).hasValue(0);
      assertThat(h.resolved().outcome()).isEqualTo("denied");
      assertThat(h.resolved().response().decidedBy()).isEqualTo("bob@example.com");
    }
  }

  static Stream<Arguments> failClosedApprovers() {
    return Stream.of(
        Arguments.of("approver throws", (Supplier<Approver>) () -> request -> {
          throw new IllegalStateException("boom");
        }, "error", "the approver threw IllegalStateException"),
        Arguments.of("approver throws an Error", (Supplier<Approver>) () -> request -> {
          throw new AssertionError("boom");
        }, "error", "the approver threw AssertionError"),
        Arguments.of("approver returns null", (Supplier<Approver>) () -> request -> null,
            "null", "the approver returned no answer (a null stage)"),
        Arguments.of("stage completes with null", (Supplier<Approver>) () ->
            request -> CompletableFuture.completedFuture(null), "null", "the approver answered null"),
        Arguments.of("stage is cancelled", (Supplier<Approver>) () -> request -> {
          CompletableFuture<ApprovalResponse> f = new CompletableFuture<>();
          f.cancel(false);
          return f;
        }, "cancelled", "the approver cancelled the request"),
        Arguments.of("stage fails", (Supplier<Approver>) () ->
            request -> CompletableFuture.failedFuture(new IOException("socket closed")),
            "error", "the approver failed with IOException"),
        Arguments.of("dependent stage of a failed one", (Supplier<Approver>) () ->
            request -> CompletableFuture.<ApprovalResponse>failedFuture(new IOException("x"))
                .thenApply(r -> r), "error", "the approver failed with IOException"),
        Arguments.of("approver's own timeout", (Supplier<Approver>) () ->
            request -> CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException()),
            "timeout", "the approver gave up waiting for a decision"),
        Arguments.of("Approvers.deciding returning null", (Supplier<Approver>) () ->
            Approvers.deciding(r -> null), "null", "the approver answered null"),
        Arguments.of("Approvers.deciding throwing", (Supplier<Approver>) () ->
            Approvers.deciding(r -> {
              throw new UnsupportedOperationException();
            }), "error", "the approver failed with UnsupportedOperationException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failClosedApprovers")
  void everyBrokenAnswerIsADenialThatSaysWhich(String name, Supplier<Approver> approver, String label,
      String reason) {
    try (GateHarness h = new GateHarness(approver.get())) {
      assertThatThrownBy(() -> h.run(deploy("web", "conv-1")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
            assertThat(e.decision().rule()).isEqualTo("approval." + label);
            assertThat(e.decision().reason()).isEqualTo("approval failed closed: " + reason);
          });
      assertThat(h.runs).hasValue(0);
      GuardEvent.ApprovalResolved resolved = h.resolved();
      assertThat(resolved.outcome()).isEqualTo(label);
      assertThat(resolved.response().isApproved()).isFalse();
      assertThat(resolved.response().decidedBy()).isEqualTo("agent-guard");
      assertThat(resolved.response().comment()).isEqualTo(reason);
    }
  }

  @Test
  void theFailClosedReasonsAreDistinct() {
    List<String> reasons = failClosedApprovers()
        .map(a -> (String) a.get()[3])
        .distinct()
        .toList();
    // two cases share a reason on purpose (the same failure reached two ways); the rest must differ
    assertThat(reasons).hasSize((int) failClosedApprovers().count() - 2);
  }

  @Test
  void noAnswerBeforeTheDeadlineIsATimeoutAndWithdrawsTheQuestion() throws Exception {
    ManualDeadlines deadlines = new ManualDeadlines();
    CompletableFuture<ApprovalResponse> never = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    try (GateHarness h = new GateHarness(request -> {
      asked.countDown();
      return never;
    }, Duration.ofMinutes(5), deadlines)) {
      ToolCall call = deploy("web", "conv-1");
      CompletableFuture<ApprovalGate.Outcome> pending = h.start(call);
      deadlines.awaitScheduled(1);
      assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(deadlines.delays()).containsExactly(Duration.ofMinutes(5));
      assertThat(pending).isNotDone();

      deadlines.fireAll();
      ApprovalGate.Outcome outcome = pending.get(30, TimeUnit.SECONDS);

      assertThat(outcome.label).isEqualTo("timeout");
      assertThat(outcome.denial.rule()).isEqualTo("approval.timeout");
      assertThat(outcome.denial.reason()).isEqualTo("approval failed closed: no answer within PT5M");
      assertThat(never).failsWithin(Duration.ofSeconds(30));
      assertThat(never).isCancelled();
      assertThat(h.resolved().outcome()).isEqualTo("timeout");
    }
  }

  @Test
  void anAnswerThatArrivedBeforeTheDeadlineFiredStands() throws Exception {
    ManualDeadlines deadlines = new ManualDeadlines();
    CompletableFuture<ApprovalResponse> answer = new CompletableFuture<>();
    try (GateHarness h = new GateHarness(request -> answer, Duration.ofMinutes(5), deadlines)) {
      ToolCall call = deploy("web", "conv-1");
      CompletableFuture<ApprovalGate.Outcome> pending = h.start(call);
      deadlines.awaitScheduled(1);
      answer.complete(ApprovalResponse.approved("alice"));
      assertThat(pending.get(30, TimeUnit.SECONDS).label).isEqualTo("approved");
      assertThat(deadlines.armed()).isZero();
      deadlines.fireAll();
    }
  }

  @Test
  void theRealDeadlineFiresOnTheSharedSchedulerThread() {
    CompletableFuture<ApprovalResponse> never = new CompletableFuture<>();
    try (GateHarness h = new GateHarness(request -> never, Duration.ofMillis(20), TimeoutScheduler.daemon())) {
      assertThatThrownBy(() -> h.run(deploy("web", null)))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("approval.timeout"));
      assertThat(h.runs).hasValue(0);
    }
  }

  @Test
  void theDeadlineStartsAtTheRequestAndAnAnswerCancelsIt() throws Exception {
    ManualDeadlines deadlines = new ManualDeadlines();
    try (GateHarness h = new GateHarness(Approvers.alwaysApprove("alice"), Duration.ofMinutes(5), deadlines)) {
      h.run(deploy("web", null));
      assertThat(deadlines.delays()).containsExactly(Duration.ofMinutes(5));
      assertThat(deadlines.armed()).isZero();
      assertThat(h.runs).hasValue(1);
    }
  }

  @Test
  void aMinimalStageThatNeverCompletesTimesOut() throws Exception {
    ManualDeadlines deadlines = new ManualDeadlines();
    CompletableFuture<ApprovalResponse> source = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    try (GateHarness h = new GateHarness(request -> {
      asked.countDown();
      return source.minimalCompletionStage();
    }, Duration.ofSeconds(1), deadlines)) {
      ToolCall call = deploy("web", null);
      CompletableFuture<ApprovalGate.Outcome> pending = h.start(call);
      deadlines.awaitScheduled(1);
      assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
      deadlines.fireAll();
      assertThat(pending.get(30, TimeUnit.SECONDS).label).isEqualTo("timeout");
      source.complete(ApprovalResponse.approved("late"));
      assertThat(h.resolved().outcome()).isEqualTo("timeout");
      assertThat(h.awaitEvent(GuardEvent.LateApproval.class).response().decidedBy()).isEqualTo("late");
    }
  }

  @Test
  void anInterruptedWaitIsADenialAndKeepsTheInterruptFlag() throws Exception {
    CompletableFuture<ApprovalResponse> never = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    Approver approver = request -> {
      asked.countDown();
      return never;
    };
    try (GateHarness h = new GateHarness(approver)) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagAfter = new AtomicBoolean();
      Thread caller = new Thread(() -> {
        try {
          h.run(deploy("web", null));
        } catch (Exception e) {
          thrown.set(e);
        }
        flagAfter.set(Thread.currentThread().isInterrupted());
      });
      caller.start();
      assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      caller.join(TimeUnit.SECONDS.toMillis(30));

      assertThat(caller.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
        assertThat(e.decision().rule()).isEqualTo("approval.interrupted");
        assertThat(e.decision().reason()).contains("interrupted");
      });
      assertThat(flagAfter).isTrue();
      assertThat(never).failsWithin(Duration.ofSeconds(30));
      assertThat(never).isCancelled();
      assertThat(h.runs).hasValue(0);
      assertThat(h.resolved().outcome()).isEqualTo("interrupted");
    }
  }

  @Test
  void closingTheGateFailsWaitingCallsClosedAndRefusesNewOnes() throws Exception {
    CompletableFuture<ApprovalResponse> never = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    GateHarness h = new GateHarness(request -> {
      asked.countDown();
      return never;
    });
    ToolCall call = deploy("web", null);
    CompletableFuture<ApprovalGate.Outcome> pending = h.start(call);
    assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
    h.close();
    assertThat(pending.get(30, TimeUnit.SECONDS).denial.reason())
        .isEqualTo("approval failed closed: the approval gate was closed");
    assertThat(never).failsWithin(Duration.ofSeconds(30));
      assertThat(never).isCancelled();
    assertThatThrownBy(() -> h.run(deploy("api", null)))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).contains("closed"));
    assertThat(h.runs).hasValue(0);
  }

  @Test
  void argumentsThatCannotBeFingerprintedAreDenied() {
    AtomicInteger asked = new AtomicInteger();
    try (GateHarness h = new GateHarness(request -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
    })) {
      ToolCall call = new ToolCall("c1", "deploy", "{\"a\":1,\"a\":2}", CallContext.empty());
      assertThatThrownBy(() -> h.run(call)).isInstanceOfSatisfying(ToolCallDeniedException.class,
          e -> assertThat(e.decision().reason()).contains("could not be fingerprinted"));
      assertThat(asked).hasValue(0);
    }
  }

  @Test
  void callsThatDoNotNeedApprovalPassWithoutAsking() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (GateHarness h = new GateHarness(request -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
    })) {
      ToolCall call = deploy("web", null);
      h.run(Evaluation.of(call, List.of(), List.of(Decision.allow("tools", "ok", "fine")), true));
      h.run(Evaluation.of(call, List.of(), List.of(Decision.ask("tools", "ask", "audit mode")), false));
      assertThat(asked).hasValue(0);
      assertThat(h.runs).hasValue(2);
      assertThat(h.events).isEmpty();
    }
  }

  @Test
  void aThrowingListenerDoesNotChangeTheDecision() throws Exception {
    ApprovalGate gate = new ApprovalGate(Approvers.alwaysApprove("alice"), Duration.ofMinutes(1),
        Clock.systemUTC(), event -> {
          throw new IllegalStateException("listener bug");
        });
    try (gate) {
      ToolCall call = deploy("web", null);
      ApprovalGate.Outcome outcome = gate.ask(call, GateHarness.ask(call), "fp", call.id());
      assertThat(outcome.label).isEqualTo("approved");
    }
  }

  @Test
  void sessionApprovalIsReusedOnlyForTheSameCallInTheSameConversation() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Approver approver = request -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.approvedForSession("carol"));
    };
    try (GateHarness h = new GateHarness(approver)) {
      h.run(deploy("web", "conv-A"));
      assertThat(asked).hasValue(1);

      h.run(deploy("web", "conv-A"));
      assertThat(asked).as("same call, same conversation: reused").hasValue(1);
      GuardEvent.ApprovalResolved reused = h.events(GuardEvent.ApprovalResolved.class).get(1);
      assertThat(reused.outcome()).isEqualTo("session");
      assertThat(reused.response().decidedBy()).isEqualTo("carol");
      assertThat(reused.response().scope()).isEqualTo(ApprovalResponse.Scope.SESSION);
      assertThat(reused.waited()).isZero();
      assertThat(h.events(GuardEvent.ApprovalRequested.class)).hasSize(1);

      h.run(deploy("web", "conv-B"));
      assertThat(asked).as("another conversation: asked again").hasValue(2);
      h.run(deploy("wec", "conv-A"));
      assertThat(asked).as("arguments one byte apart: asked again").hasValue(3);
      h.run(deploy("web", null));
      h.run(deploy("web", null));
      assertThat(asked).as("no conversation: a session approval reaches nothing else").hasValue(5);
      assertThat(h.runs).hasValue(6);
    }
  }

  @Test
  void onceApprovalIsNeverReused() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (GateHarness h = new GateHarness(request -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
    })) {
      h.run(deploy("web", "conv-A"));
      h.run(deploy("web", "conv-A"));
      assertThat(asked).hasValue(2);
    }
  }

  @Test
  void aDeniedSessionAnswerIsNotRemembered() throws Exception {
    Approver approver = Approvers.scripted(
        new ApprovalResponse(ApprovalResponse.Status.DENIED, "bob", "no", ApprovalResponse.Scope.SESSION),
        ApprovalResponse.approved("alice"));
    try (GateHarness h = new GateHarness(approver)) {
      assertThatThrownBy(() -> h.run(deploy("web", "conv-A"))).isInstanceOf(ToolCallDeniedException.class);
      h.run(deploy("web", "conv-A"));
      assertThat(h.runs).hasValue(1);
      assertThatThrownBy(() -> h.run(deploy("web", "conv-A")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().reason()).contains("scripted answers ran out"));
    }
  }

  @Test
  void nullsAreRejectedWithTheArgumentsName() {
    Clock c = Clock.systemUTC();
    assertThatThrownBy(() -> new ApprovalGate(null, Duration.ofMinutes(1), c, e -> { }))
        .hasMessage("approver must not be null");
    assertThatThrownBy(() -> new ApprovalGate(Approvers.alwaysDeny(), null, c, e -> { }))
        .hasMessage("timeout must not be null");
    assertThatThrownBy(() -> new ApprovalGate(Approvers.alwaysDeny(), Duration.ofMinutes(1), null, e -> { }))
        .hasMessage("clock must not be null");
    assertThatThrownBy(() -> new ApprovalGate(Approvers.alwaysDeny(), Duration.ofMinutes(1), c, null))
        .hasMessage("events must not be null");
    assertThatThrownBy(() -> new ApprovalGate(Approvers.alwaysDeny(), Duration.ZERO, c, e -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Approvers.scripted((ApprovalResponse[]) null))
        .hasMessage("answers must not be null");
    assertThatThrownBy(() -> Approvers.deciding(null)).hasMessage("decide must not be null");
  }
}
