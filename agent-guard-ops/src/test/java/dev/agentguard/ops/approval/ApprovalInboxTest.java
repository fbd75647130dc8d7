package dev.agentguard.ops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fixtures.GateHarness;
import dev.agentguard.core.fixtures.ManualDeadlines;
import dev.agentguard.core.fixtures.MutableClock;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApprovalInboxTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final ApprovalInbox inbox = ApprovalInbox.builder().clock(clock).build();

  private static ApprovalRequest request(String id, String args, Duration ttl) {
    ToolCall call = new ToolCall("call-" + id, "deploy", args, CallContext.empty());
    return new ApprovalRequest(id, call, List.of(), List.of(Decision.ask("tools", "signoff", "needs sign-off")),
        fingerprintOf(call), T0, T0.plus(ttl));
  }

  private static ApprovalRequest request(String id) {
    return request(id, "{\"service\":\"" + id + "\"}", Duration.ofMinutes(5));
  }

  @Test
  void aRequestWaitsUntilItIsAnsweredById() throws Exception {
    ApprovalRequest r = request("r1");
    CompletableFuture<ApprovalResponse> answer = inbox.request(r).toCompletableFuture();

    assertThat(answer).isNotDone();
    assertThat(inbox.pending()).containsExactly(r);
    assertThat(inbox.find("r1")).get().extracting(StoredApproval::state).isEqualTo(StoredApproval.State.PENDING);

    ApprovalInbox.AnswerResult result = inbox.approve("r1", "alice");

    assertThat(result.isAccepted()).isTrue();
    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.ACCEPTED);
    assertThat(answer.get(0, TimeUnit.SECONDS)).isEqualTo(ApprovalResponse.approved("alice"));
    assertThat(inbox.pending()).isEmpty();
    assertThat(inbox.find("r1").orElseThrow().response()).contains(ApprovalResponse.approved("alice"));
  }

  @Test
  void pendingRequestsAreListedOldestFirst() {
    ToolCall call = ToolCall.of("deploy", "{}");
    for (int i = 0; i < 5; i++) {
      Instant at = T0.plusSeconds(10 - i);
      inbox.request(new ApprovalRequest("id-" + i, call, List.of(), List.of(), "fp", at, at.plusSeconds(600)));
    }
    assertThat(inbox.pending()).extracting(ApprovalRequest::requestId)
        .containsExactly("id-4", "id-3", "id-2", "id-1", "id-0");
  }

  @Test
  void answeringAnUnknownIdSaysSo() {
    ApprovalInbox.AnswerResult result = inbox.approve("nope", "alice");
    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.UNKNOWN);
    assertThat(result.isAccepted()).isFalse();
    assertThat(result.message()).contains("no approval request with id nope");
  }

  @Test
  void aSecondAnswerIsRefusedAndTheFirstStands() throws Exception {
    CompletionStage<ApprovalResponse> answer = inbox.request(request("r1"));
    inbox.deny("r1", "bob", "not today");

    ApprovalInbox.AnswerResult late = inbox.approve("r1", "alice");

    assertThat(late.status()).isEqualTo(ApprovalInbox.AnswerStatus.ALREADY_ANSWERED);
    assertThat(late.message()).contains("already denied by bob");
    assertThat(answer.toCompletableFuture().get().decidedBy()).isEqualTo("bob");
  }

  @Test
  void anAnswerAfterTheDeadlineIsRefusedAndTheCallFailsClosed() {
    CompletableFuture<ApprovalResponse> answer = inbox.request(request("r1")).toCompletableFuture();
    clock.advance(Duration.ofMinutes(5));

    ApprovalInbox.AnswerResult result = inbox.approve("r1", "alice");

    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.EXPIRED);
    assertThat(result.message()).contains("expired");
    assertThat(answer).isCompletedExceptionally();
    assertThat(catchCause(answer)).isInstanceOf(TimeoutException.class);
    assertThat(inbox.find("r1").orElseThrow().state()).isEqualTo(StoredApproval.State.EXPIRED);
  }

  @Test
  void listingExpiresRequestsPastTheirDeadline() {
    CompletableFuture<ApprovalResponse> shortLived =
        inbox.request(request("short", "{}", Duration.ofSeconds(30))).toCompletableFuture();
    inbox.request(request("long"));
    clock.advance(Duration.ofSeconds(30));

    assertThat(inbox.pending()).extracting(ApprovalRequest::requestId).containsExactly("long");
    assertThat(catchCause(shortLived)).isInstanceOf(TimeoutException.class);
  }

  @Test
  void aRequestWithdrawnByTheGateIsReportedAsCancelled() {
    CompletableFuture<ApprovalResponse> answer = inbox.request(request("r1")).toCompletableFuture();
    answer.cancel(false);

    assertThat(inbox.pending()).isEmpty();
    ApprovalInbox.AnswerResult result = inbox.approve("r1", "alice");
    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.CANCELLED);
    assertThat(result.message()).contains("withdrawn");
  }

  @Test
  void whenTheGatesDeadlinePassesTheInboxRecordsTheRequestAsExpired() throws Exception {
    MutableClock gateTime = new MutableClock(GateHarness.FIXED.instant());
    ApprovalInbox timed = ApprovalInbox.builder().clock(gateTime).build();
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletionStage<dev.agentguard.api.ApprovalResponse>> stage =
        new java.util.concurrent.atomic.AtomicReference<>();
    dev.agentguard.api.Approver approver = r -> {
      java.util.concurrent.CompletionStage<dev.agentguard.api.ApprovalResponse> st = timed.request(r);
      stage.set(st);
      asked.countDown();
      return st;
    };
    ManualDeadlines deadlines = new ManualDeadlines();
    try (GateHarness h = new GateHarness(approver, Duration.ofMinutes(5), deadlines)) {
      ToolCall call = ToolCall.of("deploy", "{}");
      CompletableFuture<ToolResult> pending = h.startRun(call);
      assertThat(asked.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String id = timed.pending().get(0).requestId();

      gateTime.advance(Duration.ofMinutes(5));
      deadlines.fireAll();

      assertThat(GateHarness.denial(pending).rule()).isEqualTo("approval.timeout");
      assertThat(stage.get().toCompletableFuture()).failsWithin(Duration.ofSeconds(30));
      assertThat(timed.find(id).orElseThrow().state()).isEqualTo(StoredApproval.State.EXPIRED);
      assertThat(timed.approve(id, "alice").status()).isEqualTo(ApprovalInbox.AnswerStatus.EXPIRED);
      assertThat(timed.pending()).isEmpty();
    }
  }

  @Test
  void whenTheGateGivesUpEarlyTheInboxRecordsTheRequestAsCancelled() throws Exception {
    ApprovalInbox fixed = ApprovalInbox.builder().clock(GateHarness.FIXED).build();
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletionStage<dev.agentguard.api.ApprovalResponse>> stage =
        new java.util.concurrent.atomic.AtomicReference<>();
    dev.agentguard.api.Approver approver = r -> {
      java.util.concurrent.CompletionStage<dev.agentguard.api.ApprovalResponse> st = fixed.request(r);
      stage.set(st);
      asked.countDown();
      return st;
    };
    GateHarness h = new GateHarness(approver, Duration.ofMinutes(5), new ManualDeadlines());
    ToolCall call = ToolCall.of("deploy", "{}");
    CompletableFuture<ToolResult> pending = h.startRun(call);
    assertThat(asked.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String id = fixed.pending().get(0).requestId();
    h.close();
    assertThat(GateHarness.denial(pending).reason()).contains("closed");
    assertThat(stage.get().toCompletableFuture()).failsWithin(Duration.ofSeconds(30));
    assertThat(fixed.find(id).orElseThrow().state()).isEqualTo(StoredApproval.State.CANCELLED);
    assertThat(fixed.deny(id, "bob", "no").status()).isEqualTo(ApprovalInbox.AnswerStatus.CANCELLED);
  }

  @Test
  void anAnswerGivenForAnotherFingerprintDeniesTheRequest() throws Exception {
    ApprovalRequest web = request("r1", "{\"service\":\"web\"}", Duration.ofMinutes(5));
    ApprovalRequest billing = request("r2", "{\"service\":\"billing\"}", Duration.ofMinutes(5));
    CompletableFuture<ApprovalResponse> webAnswer = inbox.request(web).toCompletableFuture();
    CompletableFuture<ApprovalResponse> billingAnswer = inbox.request(billing).toCompletableFuture();

    // The person looked at "billing" but the UI sent the answer to r1.
    ApprovalInbox.AnswerResult result =
        inbox.answer("r1", billing.fingerprint(), ApprovalResponse.approved("alice"));

    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.FINGERPRINT_MISMATCH);
    assertThat(result.isAccepted()).isFalse();
    ApprovalResponse delivered = webAnswer.get();
    assertThat(delivered.isApproved()).isFalse();
    assertThat(delivered.decidedBy()).isEqualTo("alice");
    assertThat(delivered.comment()).contains("another call");
    assertThat(billingAnswer).isNotDone();

    assertThat(inbox.answer("r2", billing.fingerprint(), ApprovalResponse.approved("alice")).isAccepted()).isTrue();
    assertThat(billingAnswer.get().isApproved()).isTrue();
  }

  @Test
  void listenersHearOfNewAndClosedRequestsAndOneThatThrowsIsIgnored() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    inbox.addListener(r -> {
      throw new IllegalStateException("listener bug");
    });
    ApprovalInbox.Listener listener = new ApprovalInbox.Listener() {
      @Override
      public void onRequest(ApprovalRequest r) {
        heard.add("new " + r.requestId());
      }

      @Override
      public void onClosed(StoredApproval a) {
        heard.add(a.state() + " " + a.requestId());
      }
    };
    inbox.addListener(listener);

    CompletableFuture<ApprovalResponse> first = inbox.request(request("r1")).toCompletableFuture();
    inbox.request(request("r2")).toCompletableFuture().cancel(false);
    inbox.approve("r1", "alice");

    assertThat(first).isCompletedWithValue(ApprovalResponse.approved("alice"));
    assertThat(heard).containsExactly("new r1", "new r2", "CANCELLED r2", "ANSWERED r1");
    assertThat(inbox.removeListener(listener)).isTrue();
    inbox.request(request("r3"));
    assertThat(heard).hasSize(4);
  }

  @Test
  void aDuplicateRequestIdFails() {
    inbox.request(request("r1"));
    assertThat(inbox.request(request("r1")).toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void closedRequestsAreForgottenAfterTheRetention() {
    ApprovalInbox shortMemory = ApprovalInbox.builder().clock(clock).retention(Duration.ofMinutes(1)).build();
    shortMemory.request(request("r1"));
    shortMemory.approve("r1", "alice");
    assertThat(shortMemory.approve("r1", "bob").status()).isEqualTo(ApprovalInbox.AnswerStatus.ALREADY_ANSWERED);
    clock.advance(Duration.ofMinutes(2));
    assertThat(shortMemory.pending()).isEmpty();
    assertThat(shortMemory.approve("r1", "bob").status()).isEqualTo(ApprovalInbox.AnswerStatus.UNKNOWN);
  }

  @Test
  void twoInboxesSharingAStoreDeliverAnswersMadeOnTheOtherHost() throws Exception {
    ApprovalStore shared = new InMemoryApprovalStore();
    ApprovalInbox agentHost = ApprovalInbox.builder().store(shared).clock(clock).build();
    ApprovalInbox reviewHost = ApprovalInbox.builder().store(shared).clock(clock).build();

    CompletableFuture<ApprovalResponse> answer = agentHost.request(request("r1")).toCompletableFuture();
    assertThat(reviewHost.pending()).extracting(ApprovalRequest::requestId).containsExactly("r1");
    assertThat(reviewHost.approveForSession("r1", "alice").isAccepted()).isTrue();
    assertThat(answer).isNotDone();

    assertThat(agentHost.sync()).isEqualTo(1);
    assertThat(answer.get()).isEqualTo(ApprovalResponse.approvedForSession("alice"));
    assertThat(agentHost.approve("r1", "bob").status()).isEqualTo(ApprovalInbox.AnswerStatus.ALREADY_ANSWERED);
  }

  @Test
  void nullsAreRejectedWithTheArgumentsName() {
    assertThatThrownBy(() -> inbox.request(null)).hasMessage("request must not be null");
    assertThatThrownBy(() -> inbox.approve(null, "a")).hasMessage("requestId must not be null");
    assertThatThrownBy(() -> inbox.answer("r", null)).hasMessage("response must not be null");
    assertThatThrownBy(() -> inbox.answer("r", null, ApprovalResponse.approved("a")))
        .hasMessage("fingerprint must not be null");
    assertThatThrownBy(() -> inbox.addListener(null)).hasMessage("listener must not be null");
    assertThatThrownBy(() -> ApprovalInbox.builder().store(null)).hasMessage("store must not be null");
    assertThatThrownBy(() -> ApprovalInbox.builder().clock(null)).hasMessage("clock must not be null");
    assertThatThrownBy(() -> inbox.approve("r", null)).hasMessage("decidedBy must not be null");
  }

  @Test
  void endToEndTheGuardWaitsForAnAnswerFromAnotherThread() throws Exception {
    ApprovalInbox live = ApprovalInbox.create();
    BlockingQueue<ApprovalRequest> arrivals = new LinkedBlockingQueue<>();
    live.addListener(arrivals::add);
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
            .build())
        .approver(live)
        .build();
    ToolExecutor tools = guard.wrap(call -> ToolResult.of("deployed " + call.argumentsJson()));

    CompletableFuture<Object> web = CompletableFuture.supplyAsync(() -> run(tools, "web"));
    CompletableFuture<Object> billing = CompletableFuture.supplyAsync(() -> run(tools, "billing"));
    ApprovalRequest first = arrivals.poll(30, TimeUnit.SECONDS);
    ApprovalRequest second = arrivals.poll(30, TimeUnit.SECONDS);
    assertThat(List.of(first, second)).allSatisfy(r -> assertThat(r.ruleIds()).containsExactly("deploys-need-signoff"));
    assertThat(live.pending()).hasSize(2);
    for (ApprovalRequest r : List.of(first, second)) {
      if (r.call().argumentsJson().contains("web")) {
        assertThat(live.approve(r.requestId(), "alice").isAccepted()).isTrue();
      } else {
        assertThat(live.deny(r.requestId(), "alice", "change freeze").isAccepted()).isTrue();
      }
    }
    assertThat(web.get(30, TimeUnit.SECONDS)).isEqualTo("deployed {\"service\":\"web\"}");
    assertThat(billing.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(ToolCallDeniedException.class,
        e -> assertThat(e.decision().reason()).isEqualTo("refused by alice: change freeze"));
  }

  private static Object run(ToolExecutor tools, String service) {
    try {
      return tools.execute(ToolCall.of("deploy_service", "{\"service\":\"" + service + "\"}")).content();
    } catch (Exception e) {
      return e;
    }
  }

  private static Throwable catchCause(CompletableFuture<?> f) {
    AtomicReference<Throwable> cause = new AtomicReference<>();
    f.whenComplete((v, e) -> cause.set(e));
    Throwable t = cause.get();
    return t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
  }

  /** An in-memory store that tells of changes when the test says so, and can show another call under an id. */
  private static final class TellingStore implements ApprovalStore {
    final InMemoryApprovalStore inner = new InMemoryApprovalStore();
    final List<java.util.function.Consumer<String>> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile ApprovalRequest swapped;
    volatile java.util.function.Consumer<ApprovalRequest> afterPut;
    volatile Runnable beforePut;

    @Override
    public void putPending(ApprovalRequest request) {
      Runnable before = beforePut;
      if (before != null) {
        before.run();
      }
      inner.putPending(request);
      java.util.function.Consumer<ApprovalRequest> hook = afterPut;
      if (hook != null) {
        hook.accept(request);
      }
    }

    @Override
    public List<ApprovalRequest> listPending() {
      return inner.listPending();
    }

    @Override
    public java.util.Optional<StoredApproval> find(String requestId) {
      java.util.Optional<StoredApproval> found = inner.find(requestId);
      ApprovalRequest s = swapped;
      if (s != null && s.requestId().equals(requestId) && found.isPresent() && found.get().response().isPresent()) {
        return java.util.Optional.of(StoredApproval.pending(s).answered(found.get().response().get(), T0));
      }
      return found;
    }

    @Override
    public boolean complete(String requestId, ApprovalResponse response, Instant at) {
      return inner.complete(requestId, response, at);
    }

    @Override
    public boolean close(String requestId, StoredApproval.State state, Instant at) {
      return inner.close(requestId, state, at);
    }

    @Override
    public List<ApprovalRequest> expire(Instant now) {
      return inner.expire(now);
    }

    @Override
    public int purge(Instant closedBefore) {
      return inner.purge(closedBefore);
    }

    @Override
    public boolean subscribe(java.util.function.Consumer<String> closed) {
      subscribers.add(closed);
      return true;
    }

    void tell(String id) {
      subscribers.forEach(s -> s.accept(id));
    }
  }

  @Test
  void aStoreThatTellsOfAnswersGivenElsewhereWakesTheWaitingCallWithoutSync() throws Exception {
    TellingStore store = new TellingStore();
    ApprovalInbox host = ApprovalInbox.builder().store(store).clock(clock).build();
    ApprovalInbox elsewhere = ApprovalInbox.builder().store(store.inner).clock(clock).build();
    assertThat(store.subscribers).hasSize(1);
    CompletableFuture<ApprovalResponse> first = host.request(request("r1")).toCompletableFuture();
    CompletableFuture<ApprovalResponse> second = host.request(request("r2")).toCompletableFuture();

    assertThat(elsewhere.approve("r1", "alice").isAccepted()).isTrue();
    assertThat(elsewhere.deny("r2", "bob", "no").isAccepted()).isTrue();
    assertThat(first).isNotDone();
    store.tell("r1");
    assertThat(first.get(0, TimeUnit.SECONDS)).isEqualTo(ApprovalResponse.approved("alice"));
    assertThat(second).isNotDone();
    store.tell(null);
    assertThat(second.get(0, TimeUnit.SECONDS).isApproved()).isFalse();
  }

  @Test
  void aWaitingCallNeverTakesAnAnswerStoredForAnotherCall() {
    TellingStore store = new TellingStore();
    ApprovalInbox host = ApprovalInbox.builder().store(store).clock(clock).build();
    CompletableFuture<ApprovalResponse> waiting = host.request(request("r1")).toCompletableFuture();
    store.swapped = request("r1", "{\"service\":\"billing\"}", Duration.ofMinutes(5));
    store.inner.complete("r1", ApprovalResponse.approved("alice"), T0);

    store.tell("r1");

    assertThat(waiting).isCompletedExceptionally();
    assertThat(catchCause(waiting)).hasMessageContaining("the store holds another call under approval request r1");
  }

  @Test
  void aChangeReportedWhileTheRequestIsBeingStoredNeitherFailsTheCallNorIsLost() throws Exception {
    TellingStore store = new TellingStore();
    ApprovalInbox host = ApprovalInbox.builder().store(store).clock(clock).build();
    ApprovalInbox elsewhere = ApprovalInbox.builder().store(store.inner).clock(clock).build();

    // the store re-reads everything while a request is half-way in: the call must not be failed as unknown
    store.beforePut = () -> store.tell(null);
    CompletableFuture<ApprovalResponse> first = host.request(request("r1")).toCompletableFuture();
    assertThat(first).isNotDone();
    store.beforePut = null;

    // an answer given elsewhere and reported before request() returned reaches the call
    store.afterPut = r -> {
      elsewhere.approve(r.requestId(), "alice");
      store.tell(r.requestId());
    };
    CompletableFuture<ApprovalResponse> second = host.request(request("r2")).toCompletableFuture();
    assertThat(second.get(0, TimeUnit.SECONDS)).isEqualTo(ApprovalResponse.approved("alice"));
    assertThat(first).isNotDone();
  }

  /** An opaque stand-in for the guard's fingerprint: the same for the same call, different for different calls. */
  private static String fingerprintOf(ToolCall call) {
    return Integer.toHexString((call.toolName() + call.argumentsJson()).hashCode());
  }
}
