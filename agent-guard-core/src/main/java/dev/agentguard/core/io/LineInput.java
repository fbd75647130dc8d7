package dev.agentguard.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a byte stream at LF ({@code \n}) without decoding it, so that one bad line never stops the lines after
 * it. A line longer than the limit is skipped up to its end and returned as {@link Line#oversized() oversized}
 * (its bytes are not kept, so a hostile stream cannot make the reader hold more than the limit). A last line
 * without an LF is returned at the end of the input, marked as not {@link Line#terminated() terminated}. Not
 * thread-safe: one reader belongs to one reading thread.
 */
public final class LineInput {

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int end;

  /**
   * A reader of {@code in} that keeps lines of at most {@code maxBytes} bytes (LF excluded).
   *
   * @param in the stream; the reader does not close it
   * @param maxBytes the longest line kept, at least 1
   * @throws IllegalArgumentException if {@code maxBytes} is less than 1
   */
  public LineInput(InputStream in, int maxBytes) {
    this.in = Objects.requireNonNull(in, "in must not be null");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the next line.
   *
   * @return the next line, or null at the end of the input
   * @throws IOException if the stream fails
   */
  public Line next() throws IOException {
    ByteArrayOutputStream line = null;
    boolean oversized = false;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          if (line == null && !oversized) {
            return null;
          }
          return oversized ? Line.OVERSIZED_UNTERMINATED : new Line(line.toByteArray(), false, false);
        }
      }
      int start = pos;
      while (pos < end && buffer[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (line == null) {
        line = new ByteArrayOutputStream(Math.min(chunk, maxBytes) + 16);
      }
      if (!oversized) {
        if ((long) line.size() + chunk > maxBytes) {
          oversized = true;
          line = new ByteArrayOutputStream(0);
        } else {
          line.write(buffer, start, chunk);
        }
      }
      if (pos < end) {
        pos++; // the LF
        return oversized ? Line.OVERSIZED : new Line(line.toByteArray(), true, false);
      }
    }
  }

  /** One line as read: its bytes without the LF, and how it ended. */
  public static final class Line {
    private static final byte[] NONE = new byte[0];
    static final Line OVERSIZED = new Line(NONE, true, true);
    static final Line OVERSIZED_UNTERMINATED = new Line(NONE, false, true);

    private final byte[] bytes;
    private final boolean terminated;
    private final boolean oversized;

    private Line(byte[] bytes, boolean terminated, boolean oversized) {
      this.bytes = bytes;
      this.terminated = terminated;
      this.oversized = oversized;
    }

    /**
     * The line's bytes exactly as read, without the LF (a CR before it is kept); empty when oversized.
     *
     * @return a copy of the bytes
     */
    public byte[] bytes() {
      return bytes.clone();
    }

    /**
     * The line's bytes without the LF and without one CR before it; empty when oversized.
     *
     * @return a copy of the bytes
     */
    public byte[] withoutCarriageReturn() {
      int n = bytes.length;
      return n > 0 && bytes[n - 1] == '\r' ? Arrays.copyOf(bytes, n - 1) : bytes.clone();
    }

    /**
     * The line decoded as strict UTF-8, without the LF and one CR before it.
     *
     * @return the text
     * @throws CharacterCodingException if the bytes are not well-formed UTF-8
     */
    public String utf8() throws CharacterCodingException {
      int n = bytes.length;
      int length = n > 0 && bytes[n - 1] == '\r' ? n - 1 : n;
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    }

    /**
     * Whether an LF ended the line (false only for the last line of an input that does not end with one).
     *
     * @return whether an LF ended the line
     */
    public boolean terminated() {
      return terminated;
    }

    /**
     * Whether the line was longer than the reader's limit; its bytes were skipped.
     *
     * @return whether the line was longer than the limit
     */
    public boolean oversized() {
      return oversized;
    }
  }
}
