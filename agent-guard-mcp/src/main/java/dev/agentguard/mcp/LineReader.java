package dev.agentguard.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads newline-delimited messages as bytes. A line longer than the limit is skipped up to its end and reported
 * as {@link #OVERSIZED}; a last line without a newline is returned at end of input. Not thread-safe.
 */
final class LineReader {

  /** Returned in place of a line that was longer than the limit (its bytes were skipped). */
  static final byte[] OVERSIZED = new byte[0];

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int end;

  LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its {@code \n} (and a {@code \r} before it), {@link #OVERSIZED}, or null at the end. */
  byte[] next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean oversized = false;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          if (oversized) {
            return OVERSIZED;
          }
          return line.size() == 0 ? null : strip(line.toByteArray());
        }
      }
      int start = pos;
      while (pos < end && buffer[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (!oversized) {
        if (line.size() + chunk > maxBytes) {
          oversized = true;
          line.reset();
        } else {
          line.write(buffer, start, chunk);
        }
      }
      if (pos < end) {
        pos++;
        return oversized ? OVERSIZED : strip(line.toByteArray());
      }
    }
  }

  private static byte[] strip(byte[] line) {
    if (line.length > 0 && line[line.length - 1] == '\r') {
      return java.util.Arrays.copyOf(line, line.length - 1);
    }
    return line;
  }
}
