package dev.agentguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void positiveRefusesZeroNegativeAndNullNamingTheSetting() {
    assertThat(Durations.positive(Duration.ofNanos(1), "timeout")).isEqualTo(Duration.ofNanos(1));
    assertThatThrownBy(() -> Durations.positive(Duration.ZERO, "timeout"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> Durations.positive(Duration.ofSeconds(-1), "debounce"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("debounce");
    assertThatThrownBy(() -> Durations.positive(null, "age"))
        .isInstanceOf(NullPointerException.class).hasMessage("age must not be null");
  }

  @Test
  void nonNegativeAcceptsZero() {
    assertThat(Durations.nonNegative(Duration.ZERO, "retention")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Durations.nonNegative(Duration.ofMillis(-1), "retention"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retention must not be negative: PT-0.001S");
  }

  @Test
  void positiveAtMostBoundsFromAbove() {
    assertThat(Durations.positiveAtMost(Durations.MAX_INT_MILLIS, Durations.MAX_INT_MILLIS, "t"))
        .isEqualTo(Durations.MAX_INT_MILLIS);
    assertThatThrownBy(() -> Durations.positiveAtMost(Duration.ofDays(25), Durations.MAX_INT_MILLIS, "bodyTimeout"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bodyTimeout must be at most");
    assertThatThrownBy(() -> Durations.positiveAtMost(Duration.ZERO, Durations.MAX_INT_MILLIS, "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isPositiveIsTheNonThrowingForm() {
    assertThat(Durations.isPositive(null)).isFalse();
    assertThat(Durations.isPositive(Duration.ZERO)).isFalse();
    assertThat(Durations.isPositive(Duration.ofMinutes(-1))).isFalse();
    assertThat(Durations.isPositive(Duration.ofMillis(1))).isTrue();
  }
}
