package dev.agentguard.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.CallContext;
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
import java.util.ArrayList;
import java.util.Collections;
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
import org.junit.jupiter.api.Test;

/** A thousand calls waiting at once, answered in random order from other threads. */
class ConcurrentApprovalsTest {

  private static final int CALLS = 1_000;

  @Test
  void aThousandPendingApprovalsParkNoThreadBesidesTheOneDeadlineThread() throws Exception {
    HandApprover inbox = new HandApprover();
    try (GateHarness h = new GateHarness(inbox, Duration.ofMinutes(5), TimeoutScheduler.daemon())) {
      int threadsBefore = Thread.activeCount();
      long deadlineThreadsBefore = deadlineThreads();
      List<ApprovalGate.Pending> pending = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        ToolCall call = ToolCall.of("deploy", "{\"n\":" + i + "}");
        pending.add(h.gate.begin(call, GateHarness.ask(call)));
      }
      assertThat(inbox.pending()).hasSize(CALLS);
      assertThat(deadlineThreads() - deadlineThreadsBefore).isLessThanOrEqualTo(1);
      assertThat(Thread.activeCount() - threadsBefore).isLessThanOrEqualTo(1);

      List<ApprovalRequest> order = new ArrayList<>(inbox.pending());
      Collections.shuffle(order, new Random(42));
      for (ApprovalRequest r : order) {
        assertThat(inbox.approve(r.requestId(), "alice")).isTrue();
      }
      for (ApprovalGate.Pending p : pending) {
        assertThat(h.gate.await(p).label).isEqualTo("approved");
      }
      assertThat(inbox.pending()).isEmpty();
    }
  }

  @Test
  void aThousandCallersEachGetTheAnswerGivenForTheirOwnCall() throws Exception {
    HandApprover inbox = new HandApprover();
    CountDownLatch allAsked = new CountDownLatch(CALLS);
    inbox.addListener(r -> allAsked.countDown());
    AtomicInteger requested = new AtomicInteger();
    AtomicInteger resolved = new AtomicInteger();
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("signoff", "deploy", Verdict.ASK, "needs sign-off")).build())
        .approver(inbox)
        .listener(e -> {
          if (e instanceof GuardEvent.ApprovalRequested) {
            requested.incrementAndGet();
          } else if (e instanceof GuardEvent.ApprovalResolved) {
            resolved.incrementAndGet();
          }
        })
        .build();
    Map<Integer, Integer> ranFor = new ConcurrentHashMap<>();
    ToolExecutor tools = guard.wrap(call -> {
      int n = Integer.parseInt(call.argumentsJson().replaceAll("\\D", ""));
      ranFor.merge(n, 1, Integer::sum);
      return ToolResult.of("ok " + n);
    });

    List<Thread> callers = new ArrayList<>();
    Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
    for (int i = 0; i < CALLS; i++) {
      int n = i;
      Thread t = new Thread(null, () -> {
        ToolCall call = new ToolCall("c" + n, "deploy", "{\"n\":" + n + "}",
            CallContext.builder().conversationId("conv-" + (n % 7)).build());
        try {
          outcomes.put(n, tools.execute(call).content());
        } catch (ToolCallDeniedException e) {
          outcomes.put(n, e.decision());
        } catch (Exception e) {
          outcomes.put(n, e);
        }
      }, "caller-" + n, 256 * 1024);
      callers.add(t);
      t.start();
    }
    assertThat(allAsked.await(2, TimeUnit.MINUTES)).isTrue();
    List<ApprovalRequest> pending = new ArrayList<>(inbox.pending());
    assertThat(pending).hasSize(CALLS);

    // Four reviewers answer in random order: even-numbered calls approved, odd ones denied.
    Collections.shuffle(pending, new Random(7));
    ExecutorService reviewers = Executors.newFixedThreadPool(4);
    List<Future<Boolean>> answers = new ArrayList<>();
    for (ApprovalRequest r : pending) {
      answers.add(reviewers.submit(() -> {
        int n = Integer.parseInt(r.call().argumentsJson().replaceAll("\\D", ""));
        return (n % 2 == 0 ? inbox.approve(r.requestId(), "alice") : inbox.deny(r.requestId(), "bob", "odd"));
      }));
    }
    for (Future<Boolean> f : answers) {
      assertThat(f.get(1, TimeUnit.MINUTES)).isTrue();
    }
    reviewers.shutdown();
    for (Thread t : callers) {
      t.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(t.isAlive()).isFalse();
    }

    for (int n = 0; n < CALLS; n++) {
      if (n % 2 == 0) {
        assertThat(outcomes.get(n)).isEqualTo("ok " + n);
        assertThat(ranFor.get(n)).isEqualTo(1);
      } else {
        assertThat(outcomes.get(n)).isInstanceOfSatisfying(dev.agentguard.api.Decision.class,
            d -> assertThat(d.reason()).isEqualTo("refused by bob: odd"));
        assertThat(ranFor).doesNotContainKey(n);
      }
    }
    assertThat(requested).hasValue(CALLS);
    assertThat(resolved).hasValue(CALLS);
    assertThat(inbox.pending()).isEmpty();
  }

  private static long deadlineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("agent-guard-approval-deadlines") && t.isAlive())
        .count();
  }
}
