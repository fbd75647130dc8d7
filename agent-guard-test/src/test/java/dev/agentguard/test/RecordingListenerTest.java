package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RecordingListenerTest {

  private static final Instant T = Instant.EPOCH;

  @Test
  void recordsAndQueries() {
    RecordingListener l = new RecordingListener();
    ToolCall read = ToolCalls.readFile("a").id("c1").build();
    ToolCall shell = ToolCalls.shell("rm -rf /").id("c2").build();
    Decision deny = Decision.deny("command", "rm-rf", "no");
    l.onEvent(new GuardEvent.CallStarted(read, T));
    l.onEvent(new GuardEvent.CallDecided(read, T,
        Evaluation.of(read, List.of(), List.of(Decision.allow("filesystem", "filesystem.root", "ok")), true)));
    l.onEvent(new GuardEvent.CallCompleted(read, T, dev.agentguard.api.ToolResult.of("x"), Duration.ZERO));
    l.onEvent(new GuardEvent.CallStarted(shell, T));
    l.onEvent(new GuardEvent.CallDecided(shell, T, Evaluation.of(shell, List.of(), List.of(deny), true)));
    l.onEvent(new GuardEvent.CallDenied(shell, T, deny, Duration.ZERO));

    assertThat(l.size()).isEqualTo(6);
    assertThat(l.events(GuardEvent.CallStarted.class)).hasSize(2);
    assertThat(l.ofTool("shell")).hasSize(3);
    assertThat(l.ofTool("read_file", GuardEvent.CallCompleted.class)).hasSize(1);
    assertThat(l.ofCall("c2")).hasSize(3);
    assertThat(l.evaluations()).hasSize(2);
    assertThat(l.evaluations(Verdict.DENY)).extracting(e -> e.call().id()).containsExactly("c2");
    assertThat(l.denials()).hasSize(1);
    assertThat(l.denialDecisions()).containsExactly(deny);
    assertThat(l.completions()).hasSize(1);
    assertThat(l.approvalRequests()).isEmpty();
    assertThat(l.approvalResolutions()).isEmpty();
    assertThat(l.toString()).contains("CallDenied(shell)");
    l.clear();
    assertThat(l.events()).isEmpty();
  }

  @Test
  void threadSafeUnderConcurrentEvents() throws Exception {
    RecordingListener l = new RecordingListener();
    ToolCall call = ToolCalls.call("t").build();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          l.onEvent(new GuardEvent.CallStarted(call, T));
          l.events(GuardEvent.CallStarted.class);
        }
      });
      threads.add(th);
      th.start();
    }
    assertThat(l.await(GuardEvent.CallStarted.class, 2000, Duration.ofSeconds(10))).hasSize(2000);
    for (Thread th : threads) {
      th.join();
    }
    assertThat(l.size()).isEqualTo(2000);
  }

  @Test
  void awaitTimesOutWithWhatCame() {
    RecordingListener l = new RecordingListener();
    l.onEvent(new GuardEvent.CallStarted(ToolCalls.call("t").build(), T));
    assertThatThrownBy(() -> l.await(GuardEvent.CallDenied.class, 1, Duration.ofMillis(20)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("CallStarted(t)");
    assertThatThrownBy(() -> l.onEvent(null)).hasMessageContaining("event");
  }
}
