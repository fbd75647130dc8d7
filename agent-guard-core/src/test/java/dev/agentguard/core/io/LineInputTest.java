package dev.agentguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineInputTest {

  private static List<LineInput.Line> all(byte[] input, int max) throws IOException {
    LineInput lines = new LineInput(new ByteArrayInputStream(input), max);
    List<LineInput.Line> out = new ArrayList<>();
    for (LineInput.Line l = lines.next(); l != null; l = lines.next()) {
      out.add(l);
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsAtLfKeepsCrInBytesAndDropsItFromText() throws IOException {
    List<LineInput.Line> lines = all(bytes("a\r\n\nb\rc\nlast"), 100);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).bytes()).isEqualTo(bytes("a\r"));
    assertThat(lines.get(0).withoutCarriageReturn()).isEqualTo(bytes("a"));
    assertThat(lines.get(0).utf8()).isEqualTo("a");
    assertThat(lines.get(1).bytes()).isEmpty();
    assertThat(lines.get(1).terminated()).isTrue();
    assertThat(lines.get(2).utf8()).isEqualTo("b\rc");
    assertThat(lines.get(3).utf8()).isEqualTo("last");
    assertThat(lines.get(3).terminated()).isFalse();
  }

  @Test
  void anEmptyInputHasNoLinesAndAFinalLfAddsNone() throws IOException {
    assertThat(all(new byte[0], 10)).isEmpty();
    assertThat(all(bytes("x\n"), 10)).hasSize(1);
  }

  @Test
  void anOversizedLineIsSkippedToItsEndAndTheNextLineIsRead() throws IOException {
    List<LineInput.Line> lines = all(bytes("12345\n123456\n1234\n1234567"), 5);
    assertThat(lines).extracting(LineInput.Line::oversized).containsExactly(false, true, false, true);
    assertThat(lines.get(1).bytes()).isEmpty();
    assertThat(lines.get(2).utf8()).isEqualTo("1234");
    assertThat(lines.get(3).terminated()).isFalse();
  }

  @Test
  void aLineLongerThanTheBufferIsReadWhole() throws IOException {
    String big = "x".repeat(200_000);
    List<LineInput.Line> lines = all(bytes(big + "\nnext\n"), 1 << 20);
    assertThat(lines.get(0).utf8()).isEqualTo(big);
    assertThat(lines.get(1).utf8()).isEqualTo("next");
  }

  @Test
  void aStreamThatHandsOutOneByteAtATimeGivesTheSameLines() throws IOException {
    byte[] input = bytes("ab\r\ncd\n\nef");
    InputStream trickle = new InputStream() {
      private int i;

      @Override
      public int read() {
        return i < input.length ? input[i++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= input.length) {
          return -1;
        }
        b[off] = input[i++];
        return 1;
      }
    };
    LineInput lines = new LineInput(trickle, 10);
    List<String> texts = new ArrayList<>();
    for (LineInput.Line l = lines.next(); l != null; l = lines.next()) {
      texts.add(l.utf8());
    }
    assertThat(texts).containsExactly("ab", "cd", "", "ef");
  }

  @Test
  void malformedUtf8IsAnErrorAndTheBytesAreCopies() throws IOException {
    LineInput.Line line = all(new byte[] {'a', (byte) 0xC3, '\n'}, 10).get(0);
    assertThatThrownBy(line::utf8).isInstanceOf(CharacterCodingException.class);
    line.bytes()[0] = 'z';
    assertThat(line.bytes()[0]).isEqualTo((byte) 'a');
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new LineInput(new ByteArrayInputStream(new byte[0]), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
