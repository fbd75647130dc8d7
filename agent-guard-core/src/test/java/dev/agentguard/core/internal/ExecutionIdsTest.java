package dev.agentguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ExecutionIdsTest {

  @Test
  void idsAreVersionFourUuidsAndNeverRepeatAcrossThreadsOrGuards() throws Exception {
    ExecutionIds one = new ExecutionIds();
    ExecutionIds other = new ExecutionIds();
    int threads = ExecutionIds.STRIPES * 2; // more threads than stripes: some share a stripe
    int perThread = 2_000;
    List<List<String>> drawn = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<String> mine = new ArrayList<>(perThread * 2);
      drawn.add(mine);
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          mine.add(one.next());
          mine.add(other.next());
        }
      });
      thread.start();
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join();
    }
    Set<String> all = new HashSet<>();
    for (List<String> ids : drawn) {
      assertThat(ids).hasSize(perThread * 2);
      for (String id : ids) {
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        all.add(id);
      }
    }
    assertThat(all).hasSize(threads * perThread * 2);
  }
}
