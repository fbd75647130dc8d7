package dev.agentguard.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A parsed HTTP request or response head (start line and header fields), and the strict, bounded reader of one:
 * CRLF line ends only, a byte limit, a deadline, at most 200 fields, no control characters.
 */
record HttpHead(String startLine, List<String[]> headers) {

  /** An HTTP token (RFC 9110 {@code tchar}s): a method or a field name. */
  static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final int MAX_FIELDS = 200;

  /** The first value of field {@code name} (case-insensitive), or {@code null}. */
  String first(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  /** How many fields named {@code name} (case-insensitive) the head has. */
  int count(String name) {
    int c = 0;
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        c++;
      }
    }
    return c;
  }

  /**
   * Reads a head (start line and header fields, CRLF line ends, up to {@code max} bytes, before
   * {@code deadlineNanos}). Returns {@code null} if the peer closed before sending anything.
   */
  static HttpHead read(Socket socket, InputStream in, int max, long deadlineNanos) throws IOException, BadRequest {
    String text = readText(socket, in, max, deadlineNanos);
    return text == null ? null : parse(text);
  }

  /** The raw head up to and including its empty line, or {@code null} if the peer sent nothing. */
  private static String readText(Socket socket, InputStream in, int max, long deadlineNanos)
      throws IOException, BadRequest {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int prev = -1;
    int lineLength = 0;
    while (true) {
      int b = readByte(socket, in, deadlineNanos);
      if (b < 0) {
        if (buf.size() == 0) {
          return null;
        }
        throw new BadRequest(400, "connection closed inside the request head");
      }
      if (buf.size() >= max) {
        throw new BadRequest(431, "request head larger than " + max + " bytes");
      }
      buf.write(b);
      if (b == '\n') {
        if (prev != '\r') {
          throw new BadRequest(400, "bare LF in the request head");
        }
        if (lineLength == 0) {
          return buf.toString(StandardCharsets.ISO_8859_1);
        }
        lineLength = 0;
      } else if (b != '\r') {
        if (prev == '\r') {
          throw new BadRequest(400, "bare CR in the request head");
        }
        lineLength++;
      } else if (prev == '\r') {
        throw new BadRequest(400, "bare CR in the request head");
      }
      prev = b;
    }
  }

  /** One byte, waiting no later than the deadline. */
  private static int readByte(Socket socket, InputStream in, long deadlineNanos) throws IOException, BadRequest {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new BadRequest(408, "request head not received in time");
    }
    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw new BadRequest(408, "request head not received in time");
    }
  }

  private static HttpHead parse(String text) throws BadRequest {
    String[] all = text.split("\r\n", -1);
    int count = 0;
    while (count < all.length && !all[count].isEmpty()) {
      count++;
    }
    if (count == 0) {
      throw new BadRequest(400, "empty request line");
    }
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      headers.add(field(all[i]));
    }
    if (headers.size() > MAX_FIELDS) {
      throw new BadRequest(431, "too many header fields");
    }
    checkStartLine(all[0]);
    return new HttpHead(all[0], headers);
  }

  /** A header field line as {name, value}; a bad name or a control character in the value is refused. */
  private static String[] field(String line) throws BadRequest {
    int colon = line.indexOf(':');
    if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
      throw new BadRequest(400, "malformed header field");
    }
    String value = line.substring(colon + 1).trim();
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new BadRequest(400, "control character in a header value");
      }
    }
    return new String[] {line.substring(0, colon), value};
  }

  private static void checkStartLine(String line) throws BadRequest {
    for (int k = 0; k < line.length(); k++) {
      char c = line.charAt(k);
      if (c < 0x21 && c != ' ' || c >= 0x7f) {
        throw new BadRequest(400, "control or non-ASCII character in the start line");
      }
    }
  }
}
