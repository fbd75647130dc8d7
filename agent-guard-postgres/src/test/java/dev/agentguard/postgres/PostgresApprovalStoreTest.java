package dev.agentguard.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Access;
import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.ops.approval.ApprovalInbox;
import dev.agentguard.ops.approval.StoredApproval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract against a real PostgreSQL server. */
class PostgresApprovalStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

  private static PostgresServer server;
  private static TestPool pool;

  private PostgresApprovalStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.shared();
    pool = new TestPool(server.plainDataSource());
  }

  @AfterAll
  static void stopServer() throws Exception {
    pool.closeIdle();
  }

  @BeforeEach
  void emptyTable() throws Exception {
    server.reset();
    store = PostgresApprovalStore.create(pool);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static ApprovalRequest request(String id, String args, Instant created, Duration ttl) {
    ToolCall call = new ToolCall("call-" + id, "deploy", args, CallContext.empty());
    return new ApprovalRequest(id, call, List.of(), List.of(Decision.ask("tools", "signoff", "needs sign-off")),
        fingerprintOf(call), created, created.plus(ttl));
  }

  private static ApprovalRequest request(String id) {
    return request(id, "{\"service\":\"" + id + "\"}", T0, Duration.ofMinutes(5));
  }

  @Test
  void aRequestReadsBackEqualWithEveryFieldAndTheNanoseconds() {
    CallContext ctx = CallContext.builder().agentId("a1").agentName("builder").conversationId("conv-7")
        .principal("alice").workingDirectory("/srv/app").rationale("the tests need the <new> schema")
        .alternative("ask the DBA").alternative("wait").attribute("ticket", "OPS-1").build();
    ToolCall call = new ToolCall("c-1", "run_migration", "{\"sql\":\"DROP TABLE x; -- é ✓\",\"n\":1.50}", ctx);
    List<Resource> resources = List.of(new Resource.FileAccess("/srv/app/db.sql", Access.READ),
        new Resource.NetworkAccess("https://db.internal:5432/"), Resource.CommandExec.line("psql -f db.sql"),
        Resource.CommandExec.argv(List.of("psql", "-c", "select 1")));
    ApprovalRequest r = new ApprovalRequest("r-full", call, resources,
        List.of(Decision.ask("exec", "db-writes", "writes to the database"),
            Decision.ask("fs", "secrets", "reads a secret")),
        fingerprintOf(call), T0, T0.plusNanos(1));

    store.putPending(r);

    assertThat(store.find("r-full")).contains(StoredApproval.pending(r));
    assertThat(store.listPending()).containsExactly(r);
  }

  @Test
  void everyStateChangeIsACompareAndSetFromPending() {
    store.putPending(request("a"));
    Instant at = T0.plusSeconds(5).plusNanos(7);

    assertThat(store.complete("a", ApprovalResponse.approved("alice"), at)).isTrue();
    assertThat(store.complete("a", ApprovalResponse.denied("bob", "no"), at)).isFalse();
    assertThat(store.close("a", StoredApproval.State.CANCELLED, at)).isFalse();
    assertThat(store.complete("missing", ApprovalResponse.approved("alice"), at)).isFalse();
    assertThat(store.find("a")).contains(StoredApproval.pending(request("a"))
        .answered(ApprovalResponse.approved("alice"), at));
    assertThat(store.listPending()).isEmpty();

    store.putPending(request("b"));
    assertThat(store.close("b", StoredApproval.State.CANCELLED, at)).isTrue();
    assertThat(store.complete("b", ApprovalResponse.approved("alice"), at)).isFalse();
    assertThat(store.find("b").orElseThrow().state()).isEqualTo(StoredApproval.State.CANCELLED);
    assertThatThrownBy(() -> store.close("b", StoredApproval.State.ANSWERED, at))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDuplicateIdIsRefused() {
    store.putPending(request("a"));
    assertThatThrownBy(() -> store.putPending(request("a"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already stored");
  }

  @Test
  void anAnswerForAnotherFingerprintDoesNotApply() {
    ApprovalRequest r = request("a");
    store.putPending(r);

    assertThat(store.complete("a", "0".repeat(64), ApprovalResponse.approved("mallory"), T0)).isFalse();
    assertThat(store.find("a").orElseThrow().isPending()).isTrue();
    assertThat(store.complete("a", r.fingerprint(), ApprovalResponse.approved("alice"), T0)).isTrue();
    assertThat(store.find("a").orElseThrow().response()).contains(ApprovalResponse.approved("alice"));
  }

  @Test
  void aRowChangedBehindTheStoreReadsAsADenialAndTheInboxDeniesAStaleAnswer() throws Exception {
    Instant now = Instant.now();
    ApprovalRequest r = request("a", "{\"service\":\"web\"}", now, Duration.ofMinutes(5));
    ApprovalInbox inbox = ApprovalInbox.builder().store(store).build();
    CompletableFuture<ApprovalResponse> waiting = inbox.request(r).toCompletableFuture();
    // someone with write access to the table swaps the call under the pending row
    ApprovalRequest other = request("a", "{\"service\":\"billing\"}", now, Duration.ofMinutes(5));
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE agent_guard_approvals SET fingerprint = ?, request = ?")) {
      s.setString(1, other.fingerprint());
      s.setString(2, ApprovalJson.write(other));
      s.executeUpdate();
    }

    ApprovalInbox.AnswerResult result = inbox.answer("a", r.fingerprint(), ApprovalResponse.approved("alice"));

    assertThat(result.status()).isEqualTo(ApprovalInbox.AnswerStatus.FINGERPRINT_MISMATCH);
    // the waiting call ends without an approval: a denial, or a failure when it saw the swapped row first
    assertThat(waiting.handle((response, error) -> response != null && response.isApproved())
        .get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(store.find("a").orElseThrow().response().orElseThrow().isApproved()).isFalse();
  }

  @Test
  void anApprovalRecordedForAnotherFingerprintReadsBackAsADenial() throws Exception {
    store.putPending(request("a"));
    store.complete("a", request("a").fingerprint(), ApprovalResponse.approved("alice"), T0);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE agent_guard_approvals SET answered_fingerprint = 'forged'");
    }
    ApprovalResponse read = store.find("a").orElseThrow().response().orElseThrow();
    assertThat(read.isApproved()).isFalse();
    assertThat(read.comment()).contains("not given for this request's fingerprint");
  }

  @Test
  void aRowThatCannotBeReadIsAnErrorNotAGuess() throws Exception {
    store.putPending(request("a"));
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE agent_guard_approvals SET request = '{\"requestId\":\"a\"}'");
    }
    assertThatThrownBy(() -> store.find("a")).isInstanceOf(ApprovalStoreException.class)
        .hasMessageContaining("cannot be read").hasMessageContaining("call");
  }

  @Test
  void expiryTakesOnlyPendingRequestsAtOrPastTheirDeadlineAndPurgeForgetsOnlyClosedOnes() {
    store.putPending(request("short", "{}", T0, Duration.ofSeconds(30)));
    store.putPending(request("long", "{}", T0, Duration.ofMinutes(30)));
    store.putPending(request("answered", "{}", T0, Duration.ofSeconds(1)));
    store.complete("answered", ApprovalResponse.approved("a"), T0);

    assertThat(store.expire(T0.plusSeconds(29))).isEmpty();
    assertThat(store.expire(T0.plusSeconds(30))).extracting(ApprovalRequest::requestId).containsExactly("short");
    assertThat(store.find("short").orElseThrow().state()).isEqualTo(StoredApproval.State.EXPIRED);

    assertThat(store.purge(T0)).isZero();
    assertThat(store.purge(T0.plusSeconds(31))).isEqualTo(2);
    assertThat(store.find("short")).isEmpty();
    assertThat(store.find("answered")).isEmpty();
    assertThat(store.listPending()).extracting(ApprovalRequest::requestId).containsExactly("long");
  }

  @Test
  void racingAnswersFromManyStoresHaveExactlyOneWinner() throws Exception {
    store.putPending(request("a"));
    int racers = 8;
    ExecutorService pool2 = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> wins = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        PostgresApprovalStore own = PostgresApprovalStore.builder(server.plainDataSource()).createSchema(false).build();
        String who = "approver-" + i;
        wins.add(pool2.submit(() -> {
          go.await();
          return own.complete("a", ApprovalResponse.approved(who), T0);
        }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : wins) {
        won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool2.shutdownNow();
    }
  }

  @Test
  void manyStoresCreatingTheSchemaAtOnceAllSucceed() throws Exception {
    server.reset();
    ExecutorService starters = Executors.newFixedThreadPool(6);
    try {
      List<Future<PostgresApprovalStore>> started = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        started.add(starters.submit(() -> PostgresApprovalStore.create(server.plainDataSource())));
      }
      for (Future<PostgresApprovalStore> f : started) {
        assertThat(f.get(30, TimeUnit.SECONDS).listPending()).isEmpty();
      }
    } finally {
      starters.shutdownNow();
    }
  }

  @Test
  void aSubscriberOnAnotherStoreHearsOfEachClosedRequest() throws Exception {
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    try (PostgresApprovalStore other = PostgresApprovalStore.create(pool)) {
      assertThat(other.subscribe(id -> {
        if (id != null) {
          heard.add(id);
        }
      })).isTrue();
      store.putPending(request("a"));
      store.putPending(request("b"));
      store.putPending(request("c"));
      // the subscription is live once a change made after it is heard
      store.complete("a", ApprovalResponse.approved("alice"), T0);
      store.close("b", StoredApproval.State.CANCELLED, T0);
      store.expire(T0.plus(Duration.ofHours(1)));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(heard.poll(30, TimeUnit.SECONDS));
      }
      assertThat(ids).containsExactlyInAnyOrder("a", "b", "c");
    }
  }

  @Test
  void anUnreachableDatabaseIsAnErrorThatSaysWhatFailed() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1});
    try (PostgresApprovalStore offline = PostgresApprovalStore.builder(nowhere).createSchema(false)
        .connectTimeout(Duration.ZERO).build()) {
      assertThatThrownBy(() -> offline.putPending(request("a"))).isInstanceOf(ApprovalStoreException.class)
          .hasMessageContaining("could not store approval request a in PostgreSQL");
      ApprovalInbox inbox = ApprovalInbox.builder().store(offline).build();
      assertThat(inbox.request(request("a")).toCompletableFuture()).isCompletedExceptionally();
    }
  }

  @Test
  void theShippedSchemaFileIsWhatTheStoreRuns() {
    assertThat(PostgresApprovalStore.schemaSql()).contains("CREATE TABLE IF NOT EXISTS agent_guard_approvals")
        .contains("CHECK (state IN ('PENDING', 'ANSWERED', 'EXPIRED', 'CANCELLED'))");
  }

  static DataSource dataSource() {
    return pool;
  }

  /** An opaque stand-in for the guard's fingerprint: the same for the same call, different for different calls. */
  private static String fingerprintOf(ToolCall call) {
    return Integer.toHexString((call.toolName() + call.argumentsJson()).hashCode());
  }
}
