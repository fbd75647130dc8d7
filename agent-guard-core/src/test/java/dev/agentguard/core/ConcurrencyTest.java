package dev.agentguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  @Test
  void eightThreadsShareOneGuardAndEveryEventIsDeliveredOnce() throws Exception {
    int threads = 8;
    int perThread = 10_000;
    Map<String, AtomicInteger> eventsPerCall = new ConcurrentHashMap<>();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger denied = new AtomicInteger();
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .rule(ToolRule.of("echo-ok", "echo", Verdict.ALLOW, "fine"))
            .rule(ToolRule.of("no-rm", "rm", Verdict.DENY, "never"))
            .build())
        .listener(event -> {
          eventsPerCall.computeIfAbsent(event.call().id(), k -> new AtomicInteger()).incrementAndGet();
          if (event instanceof GuardEvent.CallCompleted) {
            completed.incrementAndGet();
          } else if (event instanceof GuardEvent.CallDenied) {
            denied.incrementAndGet();
          }
        })
        .build();
    ToolExecutor exec = guard.wrap(call -> ToolResult.of("ok"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<int[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < perThread; i++) {
          String tool = i % 2 == 0 ? "echo" : "rm";
          ToolCall call = new ToolCall("t" + thread + "-" + i, tool, "{}", dev.agentguard.api.CallContext.empty());
          try {
            exec.execute(call);
            ok++;
          } catch (ToolCallDeniedException e) {
            refused++;
          }
        }
        return new int[] {ok, refused};
      }));
    }
    int ok = 0;
    int refused = 0;
    for (Future<int[]> f : futures) {
      int[] r = f.get(2, TimeUnit.MINUTES);
      ok += r[0];
      refused += r[1];
    }
    pool.shutdown();
    int total = threads * perThread;
    assertThat(ok).isEqualTo(total / 2);
    assertThat(refused).isEqualTo(total / 2);
    assertThat(completed).hasValue(total / 2);
    assertThat(denied).hasValue(total / 2);
    assertThat(eventsPerCall).hasSize(total);
    // started + decided + completed/denied: exactly three events per call
    assertThat(eventsPerCall.values()).allSatisfy(n -> assertThat(n).hasValue(3));
  }
}
