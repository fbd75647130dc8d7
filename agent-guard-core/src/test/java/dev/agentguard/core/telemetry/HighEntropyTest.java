package dev.agentguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class HighEntropyTest {

  /** The textbook definition, as the oracle. */
  private static double referenceEntropy(String s) {
    Map<Character, Integer> counts = new HashMap<>();
    for (char c : s.toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    double h = 0;
    for (int n : counts.values()) {
      double p = n / (double) s.length();
      h += -p * (Math.log(p) / Math.log(2));
    }
    return h;
  }

  @Property(tries = 300)
  void entropyMatchesTheReference(
      @ForAll @StringLength(min = 1, max = 200) @CharRange(from = '!', to = '~') String s) {
    int[] counts = new int[128];
    s.chars().forEach(c -> counts[c]++);
    assertThat(HighEntropy.entropy(counts, s.length())).isCloseTo(referenceEntropy(s), within(1e-9));
  }

  @Property(tries = 300)
  void textWithoutTokenRunsOfTheMinimumLengthIsUntouched(@ForAll @StringLength(max = 300) String s) {
    String broken = s.replaceAll("[A-Za-z0-9+_-]{19}", "$0 ");
    assertThat(HighEntropy.redact(broken, 3.5, 20)).isEqualTo(broken);
  }

  @Test
  void randomBase62TokensOf24AreAlmostAlwaysMasked() {
    Random random = new Random(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    int masked = 0;
    for (int i = 0; i < 1000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < 24; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (HighEntropy.redact(b.toString(), 3.5, 20).equals(Redactor.MASK)) {
        masked++;
      }
    }
    assertThat(masked).isGreaterThan(950);
  }
}
