package dev.agentguard.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UntrustedTextTest {

  @Test
  void plainTextIsKeptAsItIs() {
    assertThat(UntrustedText.printable("src/Main.java -> héllo ✓ 😀")).isEqualTo("src/Main.java -> héllo ✓ 😀");
    assertThat(UntrustedText.quote("api.github.com")).isEqualTo("'api.github.com'");
  }

  @Test
  void controlFormatSeparatorAndLoneSurrogateCharactersAreEscaped() {
    assertThat(UntrustedText.printable("a\nb\r\u001b[2J\u0007\u007f\u0085"))
        .isEqualTo("a\\u000ab\\u000d\\u001b[2J\\u0007\\u007f\\u0085");
    assertThat(UntrustedText.printable("a\u202eb\u200bc\u2028d\u2029e")).isEqualTo("a\\u202eb\\u200bc\\u2028d\\u2029e");
    assertThat(UntrustedText.printable("x\ud800y\udc00")).isEqualTo("x\\ud800y\\udc00");
  }

  @Test
  void longTextIsCutAndMarked() {
    assertThat(UntrustedText.printable("abcdef", 3)).isEqualTo("abc...");
    assertThat(UntrustedText.printable("a".repeat(500))).hasSize(UntrustedText.DEFAULT_MAX_LENGTH + 3);
    assertThatThrownBy(() -> UntrustedText.printable("a", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Oracle: no character of the output is one a terminal or a log line would interpret. */
  @Property(tries = 300)
  void outputHasNoInvisibleOrControlCharacterAndIsBounded(@ForAll String s, @ForAll @IntRange(max = 50) int max) {
    String out = UntrustedText.printable(s, max);
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      int type = Character.getType(c);
      assertThat(type).as("char %d of %s", i, out).isNotIn((int) Character.CONTROL, (int) Character.FORMAT,
          (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))).isTrue();
      }
    }
    assertThat(out.length()).isLessThanOrEqualTo(max * 6 + 3);
    if (s.length() <= max && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      assertThat(out).isEqualTo(s);
    }
  }
}
