package dev.agentguard.ops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryApprovalStoreTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final InMemoryApprovalStore store = new InMemoryApprovalStore();

  private static ApprovalRequest request(String id, long ttlSeconds) {
    return new ApprovalRequest(id, ToolCall.of("t", "{}"), List.of(), List.of(), "fp", T0, T0.plusSeconds(ttlSeconds));
  }

  @Test
  void everyStateChangeIsACompareAndSetFromPending() {
    store.putPending(request("a", 60));
    store.putPending(request("b", 60));

    assertThat(store.complete("a", ApprovalResponse.approved("alice"), T0)).isTrue();
    assertThat(store.complete("a", ApprovalResponse.denied("bob", "no"), T0)).isFalse();
    assertThat(store.close("a", StoredApproval.State.CANCELLED, T0)).isFalse();
    assertThat(store.find("a").orElseThrow().response()).contains(ApprovalResponse.approved("alice"));

    assertThat(store.close("b", StoredApproval.State.CANCELLED, T0)).isTrue();
    assertThat(store.complete("b", ApprovalResponse.approved("alice"), T0)).isFalse();
    assertThat(store.find("b").orElseThrow().state()).isEqualTo(StoredApproval.State.CANCELLED);

    assertThat(store.complete("unknown", ApprovalResponse.approved("alice"), T0)).isFalse();
    assertThat(store.find("unknown")).isEmpty();
    assertThatThrownBy(() -> store.close("b", StoredApproval.State.ANSWERED, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDuplicateIdIsRefused() {
    store.putPending(request("a", 60));
    assertThatThrownBy(() -> store.putPending(request("a", 60))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a");
  }

  @Test
  void expiryTakesOnlyPendingRequestsAtOrPastTheirDeadline() {
    store.putPending(request("soon", 10));
    store.putPending(request("later", 100));
    store.putPending(request("answered", 10));
    store.complete("answered", ApprovalResponse.approved("alice"), T0);

    assertThat(store.expire(T0.plusSeconds(9))).isEmpty();
    assertThat(store.expire(T0.plusSeconds(10))).extracting(ApprovalRequest::requestId).containsExactly("soon");
    assertThat(store.listPending()).extracting(ApprovalRequest::requestId).containsExactly("later");
    assertThat(store.find("answered").orElseThrow().state()).isEqualTo(StoredApproval.State.ANSWERED);
  }

  @Test
  void purgeForgetsOnlyClosedRequests() {
    store.putPending(request("open", 100));
    store.putPending(request("done", 100));
    store.complete("done", ApprovalResponse.approved("alice"), T0);
    assertThat(store.purge(T0)).isZero();
    assertThat(store.purge(T0.plusSeconds(1))).isEqualTo(1);
    assertThat(store.find("done")).isEmpty();
    assertThat(store.find("open")).isPresent();
  }

  @Test
  void racingAnswersToOneRequestHaveExactlyOneWinner() throws Exception {
    int rounds = 200;
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String id = "r" + round;
        store.putPending(request(id, 60));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String who = "user" + t;
          attempts.add(pool.submit(() -> {
            go.await();
            return t0(who, id);
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : attempts) {
          winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean t0(String who, String id) {
    return who.endsWith("0") ? store.close(id, StoredApproval.State.EXPIRED, T0)
        : store.complete(id, ApprovalResponse.approved(who), T0);
  }

  @Test
  void nullsAreRejectedWithTheArgumentsName() {
    assertThatThrownBy(() -> store.putPending(null)).hasMessage("request must not be null");
    assertThatThrownBy(() -> store.find(null)).hasMessage("requestId must not be null");
    assertThatThrownBy(() -> store.complete("a", null, T0)).hasMessage("response must not be null");
    assertThatThrownBy(() -> store.complete("a", ApprovalResponse.approved("x"), null)).hasMessage("at must not be null");
    assertThatThrownBy(() -> store.expire(null)).hasMessage("now must not be null");
  }

  @Test
  void anAnswerBoundToAnotherFingerprintDoesNotApply() {
    store.putPending(request("a", 60));
    assertThat(store.complete("a", "other", ApprovalResponse.approved("mallory"), T0)).isFalse();
    assertThat(store.find("a").orElseThrow().isPending()).isTrue();
    assertThat(store.complete("a", "fp", ApprovalResponse.approved("alice"), T0)).isTrue();
    assertThat(store.complete("a", "fp", ApprovalResponse.denied("bob", "late"), T0)).isFalse();
    assertThat(store.find("a").orElseThrow().response()).contains(ApprovalResponse.approved("alice"));
  }

  @Test
  void theSpisDefaultFingerprintCompleteChecksTheStoredRequest() {
    ApprovalStore plain = new ApprovalStore() {
      @Override
      public void putPending(ApprovalRequest request) {
        store.putPending(request);
      }

      @Override
      public List<ApprovalRequest> listPending() {
        return store.listPending();
      }

      @Override
      public java.util.Optional<StoredApproval> find(String requestId) {
        return store.find(requestId);
      }

      @Override
      public boolean complete(String requestId, ApprovalResponse response, Instant at) {
        return store.complete(requestId, response, at);
      }

      @Override
      public boolean close(String requestId, StoredApproval.State state, Instant at) {
        return store.close(requestId, state, at);
      }

      @Override
      public List<ApprovalRequest> expire(Instant now) {
        return store.expire(now);
      }

      @Override
      public int purge(Instant closedBefore) {
        return store.purge(closedBefore);
      }
    };
    plain.putPending(request("a", 60));
    assertThat(plain.complete("a", "other", ApprovalResponse.approved("mallory"), T0)).isFalse();
    assertThat(plain.complete("missing", "fp", ApprovalResponse.approved("alice"), T0)).isFalse();
    assertThat(plain.complete("a", "fp", ApprovalResponse.approved("alice"), T0)).isTrue();
    assertThat(plain.subscribe(id -> { })).isFalse();
  }
}
