package dev.agentguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void standsStillUntilMoved() {
    FakeClock clock = FakeClock.create();
    assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(clock.instant());
    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(FakeClock.DEFAULT_START.plusSeconds(300));
    clock.set(Instant.EPOCH);
    assertThat(clock.millis()).isZero();
  }

  @Test
  void zonedCopiesShareTheTime() {
    FakeClock clock = FakeClock.at(Instant.EPOCH);
    FakeClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(Instant.EPOCH.plusSeconds(3600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void rejectsBadInput() {
    FakeClock clock = FakeClock.create();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> clock.advance(null)).hasMessageContaining("amount");
    assertThatThrownBy(() -> FakeClock.at(null)).hasMessageContaining("start");
  }

  @Test
  void concurrentAdvancesAreNotLost() throws Exception {
    FakeClock clock = FakeClock.at(Instant.EPOCH);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          clock.advance(Duration.ofMillis(1));
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(clock.millis()).isEqualTo(4000);
  }
}
