package dev.agentguard.core.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fixtures.Callers;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, done-when: 200 callers at once, with approvers that approve, block, throw, answer late, answer
 * twice and deny. No tool runs without a timely approval, every caller returns within the timeout (plus
 * scheduling slack), every execute has exactly one terminal event, late answers are recorded, and once the
 * guard is closed no thread of the guard is left alive. The command half (approved commands run through
 * {@code GuardedProcess} while racing threads swap the program file and the working directory) is
 * {@code HostileApproversCommandRaceTest} in agent-guard-sandbox, where the process runner lives.
 */
class HostileApproversConcurrencyTest {

  private static final int CALLERS = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private enum Behaviour { APPROVE, BLOCK, THROW, LATE, TWICE, DENY }

  @Test
  void twoHundredCallersAgainstHostileApprovers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Map<String, CompletableFuture<ApprovalResponse>> late = new ConcurrentHashMap<>();
    Approver approver = request -> {
      Behaviour b = behaviour(request.call());
      switch (b) {
        case APPROVE:
          return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
        case BLOCK:
          ApprovalDeadlineTest.awaitQuietly(release);
          return CompletableFuture.completedFuture(ApprovalResponse.approved("blocker"));
        case THROW:
          return ApprovalDeadlineTest.sneakyThrow(throwable(request.call()));
        case LATE: {
          CompletableFuture<ApprovalResponse> f = new CompletableFuture<>();
          late.put(request.call().id(), f);
          return f.minimalCompletionStage();
        }
        case TWICE: {
          CompletableFuture<ApprovalResponse> f = new CompletableFuture<>();
          f.complete(ApprovalResponse.approved("twice"));
          f.complete(ApprovalResponse.denied("twice", "changed my mind"));
          return f;
        }
        default:
          return CompletableFuture.completedFuture(ApprovalResponse.denied("bob", "no"));
      }
    };
    Recorder events = new Recorder();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("signoff", "deploy", Verdict.ASK, "sign-off"))
            .approvalTimeout(TIMEOUT).build())
        .approver(approver).listener(events).build();
    ToolExecutor guarded = guard.wrap(call -> {
      ran.add(call.id());
      return ToolResult.of("deployed");
    });

    AtomicLong slowestNanos = new AtomicLong();
    Map<String, Boolean> outcome = new ConcurrentHashMap<>();
    Callers.runTogether(CALLERS, Duration.ofSeconds(120), i -> {
      ToolCall call = new ToolCall("call-" + i, "deploy", "{\"n\":" + i + "}",
          dev.agentguard.api.CallContext.empty());
      long t0 = System.nanoTime();
      try {
        guarded.execute(call);
        outcome.put(call.id(), true);
      } catch (ToolCallDeniedException e) {
        outcome.put(call.id(), false);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      slowestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
      CompletableFuture<ApprovalResponse> f = late.get(call.id());
      if (f != null) {
        f.complete(ApprovalResponse.approved("too-late")); // after the caller has its answer
      }
    });

    assertThat(outcome).hasSize(CALLERS);
    // No tool ran without a timely approval: only APPROVE and TWICE (first answer: approve) may run, and
    // each run has exactly one ApprovalResolved "approved" for its execution.
    Map<String, String> resolved = events.of(GuardEvent.ApprovalResolved.class).stream()
        .collect(Collectors.toMap(r -> r.call().id(), GuardEvent.ApprovalResolved::outcome));
    assertThat(resolved).hasSize(CALLERS);
    for (String id : ran) {
      Behaviour b = behaviour(id);
      assertThat(b).as(id).isIn(Behaviour.APPROVE, Behaviour.TWICE);
      assertThat(resolved.get(id)).as(id).isEqualTo("approved");
    }
    for (Map.Entry<String, Boolean> e : outcome.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).isEqualTo(ran.contains(e.getKey()));
      Behaviour b = behaviour(e.getKey());
      if (b == Behaviour.APPROVE || b == Behaviour.TWICE) {
        assertThat(e.getValue() || "timeout".equals(resolved.get(e.getKey()))).as(e.getKey()).isTrue();
      } else {
        assertThat(e.getValue()).as(e.getKey()).isFalse();
      }
      if (b == Behaviour.BLOCK || b == Behaviour.LATE) {
        assertThat(resolved.get(e.getKey())).as(e.getKey()).isEqualTo("timeout");
      }
      if (b == Behaviour.THROW) {
        assertThat(resolved.get(e.getKey())).as(e.getKey()).isEqualTo("error");
      }
    }
    assertThat(ran).isNotEmpty();
    // Nobody waited much past the timeout, whatever the approver did.
    assertThat(Duration.ofNanos(slowestNanos.get())).isLessThan(TIMEOUT.plusSeconds(20));
    // One start and one terminal event per execute.
    assertThat(events.of(GuardEvent.CallStarted.class)).hasSize(CALLERS);
    assertThat(events.terminals()).isEqualTo(CALLERS);
    assertThat(events.all().stream().filter(GuardEvent::isTerminal).map(GuardEvent::executionId).distinct())
        .hasSize(CALLERS);
    // Every late answer was refused and recorded.
    long lateCalls = outcome.keySet().stream().filter(id -> behaviour(id) == Behaviour.LATE).count();
    long lateEvents = events.all().stream().filter(e -> e.type() == GuardEvent.Type.LATE_APPROVAL).count();
    assertThat(lateEvents).isEqualTo(lateCalls);

    // No thread left behind once the guard is closed.
    guard.close();
    for (Thread t : guardThreads()) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(guardThreads()).as("guard threads alive after close").isEmpty();
    release.countDown();
  }

  private static List<Thread> guardThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && (t.getName().startsWith("agent-guard-approver")
            || t.getName().startsWith("agent-guard-approval-deadlines")))
        .toList();
  }

  private static Behaviour behaviour(ToolCall call) {
    return behaviour(call.id());
  }

  private static Behaviour behaviour(String id) {
    int n = Integer.parseInt(id.substring("call-".length()));
    return Behaviour.values()[n % Behaviour.values().length];
  }

  private static Throwable throwable(ToolCall call) {
    int n = Integer.parseInt(call.id().substring("call-".length()));
    switch (n % 4) {
      case 0:
        return new StackOverflowError();
      case 1:
        return new IOException("undeclared checked exception");
      case 2:
        return new AssertionError("approver bug");
      default:
        return new IllegalStateException("approver bug");
    }
  }
}
