package dev.agentguard.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.ops.approval.ApprovalInbox;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three guards ("hosts", each with its own connection pool, store and inbox) share one real PostgreSQL
 * database; a fourth answers. The tool checks, as it runs, that the database holds an approval for exactly this
 * call: the independent oracle for "no call runs without an approval that was stored".
 */
class SharedApprovalsTest {

  private static final int HOSTS = 3;

  private static PostgresServer server;

  private final List<Host> hosts = new ArrayList<>();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> unapprovedRuns = Collections.synchronizedList(new ArrayList<>());
  private ExecutorService callers;
  private TestPool answererPool;
  private TestPool oraclePool;
  private PostgresApprovalStore answererStore;
  private ApprovalInbox answerer;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.shared();
  }

  @BeforeEach
  void hostsAndAnswerer() throws Exception {
    server.reset();
    for (int i = 0; i < HOSTS; i++) {
      hosts.add(new Host());
    }
    answererPool = new TestPool(server.plainDataSource());
    oraclePool = new TestPool(server.plainDataSource());
    answererStore = PostgresApprovalStore.create(answererPool);
    answerer = ApprovalInbox.builder().store(answererStore).build();
  }

  @AfterEach
  void closeAll() throws Exception {
    if (callers != null) {
      callers.shutdownNow();
    }
    for (Host h : hosts) {
      h.close();
    }
    answererStore.close();
    answererPool.closeIdle();
    oraclePool.closeIdle();
  }

  /** One agent host: its own pool, store, inbox and guard, all over the shared database. */
  private final class Host implements AutoCloseable {
    final TestPool pool = new TestPool(server.plainDataSource());
    final PostgresApprovalStore store = PostgresApprovalStore.create(pool);
    final ApprovalInbox inbox = ApprovalInbox.builder().store(store).build();
    final AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
            .approvalTimeout(Duration.ofMinutes(10))
            .build())
        .approver(inbox)
        .build();
    final ToolExecutor tools = guard.wrap(SharedApprovalsTest.this::deploy);

    @Override
    public void close() throws SQLException {
      guard.close();
      store.close();
      pool.closeIdle();
    }
  }

  private ToolResult deploy(ToolCall call) throws SQLException {
    if (!storedApproval(call.id())) {
      unapprovedRuns.add(call.argumentsJson());
    }
    runs.computeIfAbsent(call.argumentsJson(), k -> new AtomicInteger()).incrementAndGet();
    return ToolResult.of("deployed " + call.argumentsJson());
  }

  /** Reads the database on a fresh connection: is there an approved answer for the call with this id? */
  private boolean storedApproval(String callId) throws SQLException {
    try (Connection c = oraclePool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM agent_guard_approvals WHERE state = 'ANSWERED'"
            + " AND request::jsonb -> 'call' ->> 'id' = ? AND response::jsonb ->> 'status' = 'APPROVED'")) {
      s.setString(1, callId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  private static String args(int n) {
    return "{\"n\":" + n + "}";
  }

  /** Starts {@code count} calls spread over the hosts and returns once every one waits in the database. */
  private List<Future<Object>> startCalls(int count) throws InterruptedException {
    CountDownLatch stored = new CountDownLatch(count);
    for (Host h : hosts) {
      h.inbox.addListener(r -> stored.countDown());
    }
    callers = Executors.newFixedThreadPool(count);
    List<Future<Object>> outcomes = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      ToolExecutor tools = hosts.get(n % HOSTS).tools;
      String arguments = args(n);
      outcomes.add(callers.submit(() -> {
        try {
          return tools.execute(ToolCall.of("deploy_service", arguments)).content();
        } catch (ToolCallDeniedException e) {
          return e;
        }
      }));
    }
    assertThat(stored.await(60, TimeUnit.SECONDS)).as("all calls wait for approval").isTrue();
    return outcomes;
  }

  /** What the fourth host decides for each pending request, keyed by the call's arguments. */
  private static Map<String, Boolean> decide(List<ApprovalRequest> pending, Random random) {
    Map<String, Boolean> decisions = new HashMap<>();
    for (ApprovalRequest r : pending) {
      decisions.put(r.call().argumentsJson(), random.nextBoolean());
    }
    return decisions;
  }

  private static ApprovalResponse response(boolean approve, String args) {
    return approve ? ApprovalResponse.approved("approver") : ApprovalResponse.denied("approver", "no " + args);
  }

  private void assertEveryCallerGotItsOwnAnswer(List<Future<Object>> outcomes, Map<String, Boolean> decisions)
      throws Exception {
    int approved = 0;
    for (int n = 0; n < outcomes.size(); n++) {
      Object outcome = outcomes.get(n).get(60, TimeUnit.SECONDS);
      String args = args(n);
      if (decisions.get(args)) {
        approved++;
        assertThat(outcome).as("call %s", args).isEqualTo("deployed " + args);
        assertThat(runs.get(args)).as("runs of %s", args).hasValue(1);
      } else {
        assertThat(outcome).as("call %s", args).isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).isEqualTo("refused by approver: no " + args));
        assertThat(runs).as("runs of %s", args).doesNotContainKey(args);
      }
    }
    assertThat(unapprovedRuns).as("calls that ran without a stored approval").isEmpty();
    assertThat(runs.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(approved);
  }

  @Test
  void aThousandApprovalsAnsweredFromAFourthHostInRandomOrderEachReachTheirOwnCaller() throws Exception {
    int count = 1000;
    List<Future<Object>> outcomes = startCalls(count);
    List<ApprovalRequest> pending = new ArrayList<>(answerer.pending());
    assertThat(pending).hasSize(count);
    Random random = new Random(22);
    Map<String, Boolean> decisions = decide(pending, random);
    Collections.shuffle(pending, random);

    ExecutorService answering = Executors.newFixedThreadPool(4);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refusedSecondAnswers = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (ApprovalRequest r : pending) {
        done.add(answering.submit(() -> {
          boolean approve = decisions.get(r.call().argumentsJson());
          if (answerer.answer(r.requestId(), r.fingerprint(), response(approve, r.call().argumentsJson()))
              .isAccepted()) {
            accepted.incrementAndGet();
          }
          // a second, opposite answer never applies
          ApprovalInbox.AnswerResult late =
              answerer.answer(r.requestId(), r.fingerprint(), response(!approve, r.call().argumentsJson()));
          if (late.status() == ApprovalInbox.AnswerStatus.ALREADY_ANSWERED) {
            refusedSecondAnswers.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      answering.shutdownNow();
    }

    assertThat(accepted).hasValue(count);
    assertThat(refusedSecondAnswers).hasValue(count);
    assertEveryCallerGotItsOwnAnswer(outcomes, decisions);
  }

  @Test
  void theDatabaseRestartsWhileCallsWaitAndNoCallRunsWithoutAStoredApproval() throws Exception {
    int count = 60;
    List<Future<Object>> outcomes = startCalls(count);
    List<ApprovalRequest> pending = new ArrayList<>(answerer.pending());
    Random random = new Random(7);
    Map<String, Boolean> decisions = decide(pending, random);
    Collections.shuffle(pending, random);

    for (ApprovalRequest r : pending.subList(0, 20)) {
      answer(r, decisions);
    }
    for (ApprovalRequest r : pending.subList(0, 20)) {
      // the calls answered before the restart end: woken by NOTIFY on their own hosts
      outcomes.get(Integer.parseInt(r.call().argumentsJson().replaceAll("\\D", ""))).get(30, TimeUnit.SECONDS);
    }
    server.stop();
    int failedWhileDown = 0;
    for (ApprovalRequest r : pending.subList(20, 40)) {
      try {
        answerer.answer(r.requestId(), r.fingerprint(), response(true, r.call().argumentsJson()));
      } catch (ApprovalStoreException e) {
        failedWhileDown++;
      }
    }
    assertThat(failedWhileDown).as("answers refused while the database is down").isEqualTo(20);
    java.util.Set<String> answeredBefore = new java.util.HashSet<>();
    pending.subList(0, 20).forEach(r -> answeredBefore.add(r.call().argumentsJson()));
    for (int n = 0; n < count; n++) {
      if (!answeredBefore.contains(args(n))) {
        assertThat(outcomes.get(n)).as("call %s while its answer is not stored", args(n)).isNotDone();
      }
    }
    server.start();
    for (ApprovalRequest r : pending.subList(20, count)) {
      answer(r, decisions);
    }

    assertEveryCallerGotItsOwnAnswer(outcomes, decisions);
  }

  /** Answers as a person at a console would: an error from the database is retried until it is recorded. */
  private void answer(ApprovalRequest r, Map<String, Boolean> decisions) throws InterruptedException {
    boolean approve = decisions.get(r.call().argumentsJson());
    for (int attempt = 0; ; attempt++) {
      try {
        ApprovalInbox.AnswerResult result =
            answerer.answer(r.requestId(), r.fingerprint(), response(approve, r.call().argumentsJson()));
        assertThat(result.isAccepted()).as(result.message()).isTrue();
        return;
      } catch (ApprovalStoreException e) {
        assertThat(attempt).as("retries after the restart: " + e.getMessage()).isLessThan(50);
        Thread.sleep(100);
      }
    }
  }
}
