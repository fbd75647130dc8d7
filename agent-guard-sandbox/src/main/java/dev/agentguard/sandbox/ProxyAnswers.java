package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@link EgressProxy}'s own answers: a status line, and on a refusal the deciding rule, the reason and the
 * proxy's secret token as headers; untrusted text is reduced to printable ASCII.
 */
final class ProxyAnswers {

  private static final int MAX_TEXT = 1000;

  private final String token;

  ProxyAnswers(String token) {
    this.token = token;
  }

  /** The secret this proxy puts on its own refusals. */
  String token() {
    return token;
  }

  /**
   * Writes a complete answer that closes the connection.
   *
   * @param refusal the decision that refused the request, or {@code null} for an answer that is not a refusal
   */
  void respond(OutputStream out, int status, Decision refusal, String message) throws IOException {
    String body = (message == null ? "" : sanitize(message)) + "\n";
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(phrase(status))
        .append("\r\n");
    if (refusal != null) {
      sb.append(EgressProxy.RULE_HEADER).append(": ").append(sanitize(refusal.rule())).append("\r\n");
      sb.append(EgressProxy.REASON_HEADER).append(": ").append(sanitize(refusal.reason())).append("\r\n");
      sb.append(EgressProxy.TOKEN_HEADER).append(": ").append(token).append("\r\n");
    }
    sb.append("Content-Type: text/plain; charset=us-ascii\r\nContent-Length: ").append(bytes.length)
        .append("\r\nConnection: close\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  /** Printable ASCII only, at most 1000 characters: safe in a header and a body. */
  private static String sanitize(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < MAX_TEXT; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  private static String phrase(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 408:
        return "Request Timeout";
      case 411:
        return "Length Required";
      case 431:
        return "Request Header Fields Too Large";
      case 502:
        return "Bad Gateway";
      default:
        return "Error";
    }
  }
}
