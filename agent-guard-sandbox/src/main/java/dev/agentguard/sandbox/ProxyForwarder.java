package dev.agentguard.sandbox;

import dev.agentguard.core.net.ResolvedTarget;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Forwards one plain HTTP request through the {@link EgressProxy} to a checked upstream connection: the request
 * head rewritten to origin form with hop-by-hop fields dropped, the body within its deadline, and the response with
 * the proxy's own {@code X-Agent-Guard-*} headers removed, so an upstream server cannot forge a proxy refusal.
 */
final class ProxyForwarder {

  /** Header prefix removed from every upstream response. */
  private static final String OWN_PREFIX = "x-agent-guard-";
  /** The slowest request body accepted, after the body timeout's allowance: 16 KiB per second. */
  private static final long MIN_BODY_BYTES_PER_SECOND = 16 * 1024;
  /** Largest upstream response head accepted. */
  private static final int MAX_RESPONSE_HEAD = 65536;
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
      "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host");

  private final ProxySettings settings;
  private final ProxyAnswers answers;

  ProxyForwarder(ProxySettings settings, ProxyAnswers answers) {
    this.settings = settings;
    this.answers = answers;
  }

  /** Sends {@code request} to {@code upstream}, connected to a checked address of {@code url}; relays the answer. */
  void forward(Socket client, InputStream in, OutputStream out, Socket upstream, ProxyRequest request,
      ResolvedTarget url) throws IOException {
    OutputStream up = upstream.getOutputStream();
    up.write(requestHead(request, url).getBytes(StandardCharsets.ISO_8859_1));
    copyBody(client, in, up, request.length());
    client.setSoTimeout(settings.idleMillis());
    up.flush();
    InputStream upIn = new BufferedInputStream(upstream.getInputStream());
    HttpHead response;
    try {
      response = HttpHead.read(upstream, upIn, MAX_RESPONSE_HEAD, System.nanoTime() + settings.idleTimeout().toNanos());
    } catch (BadRequest e) {
      answers.respond(out, 502, null, "malformed response from upstream");
      return;
    }
    if (response == null) {
      answers.respond(out, 502, null, "upstream closed without a response");
      return;
    }
    out.write(responseHead(response).getBytes(StandardCharsets.ISO_8859_1));
    upIn.transferTo(out);
    out.flush();
    client.shutdownOutput();
  }

  /** The upstream request head: origin form, the checked host, no hop-by-hop fields, one request per connection. */
  private static String requestHead(ProxyRequest request, ResolvedTarget url) {
    Set<String> dropped = droppedFields(request.head());
    StringBuilder sb = new StringBuilder();
    sb.append(request.method()).append(' ').append(request.originForm()).append(' ').append(request.version())
        .append("\r\n");
    sb.append("Host: ").append(url.hostForUrl()).append(url.defaultPort() ? "" : ":" + url.port())
        .append("\r\n");
    for (String[] h : request.head().headers()) {
      if (!dropped.contains(h[0].toLowerCase(Locale.ROOT))) {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
    }
    sb.append("Connection: close\r\n\r\n");
    return sb.toString();
  }

  /** Hop-by-hop field names, lower case: the fixed ones and those the request's {@code Connection} field names. */
  private static Set<String> droppedFields(HttpHead head) {
    Set<String> dropped = new HashSet<>(HOP_BY_HOP);
    String connection = head.first("Connection");
    if (connection != null) {
      for (String n : connection.split(",")) {
        dropped.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    return dropped;
  }

  /** The response head relayed to the client: no connection fields, none of the proxy's own headers. */
  private static String responseHead(HttpHead response) {
    StringBuilder rb = new StringBuilder(response.startLine()).append("\r\n");
    for (String[] h : response.headers()) {
      String n = h[0].toLowerCase(Locale.ROOT);
      if (!n.equals("connection") && !n.equals("keep-alive") && !n.equals("proxy-connection")
          && !n.startsWith(OWN_PREFIX)) {
        rb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
    }
    rb.append("Connection: close\r\n\r\n");
    return rb.toString();
  }

  /**
   * Copies the request body within a total deadline: the body timeout plus one second per 16 KiB. A client
   * that trickles its body past the deadline loses the connection.
   */
  private void copyBody(Socket client, InputStream in, OutputStream out, long length) throws IOException {
    long deadline = System.nanoTime() + settings.bodyTimeout().toNanos()
        + TimeUnit.SECONDS.toNanos(length / MIN_BODY_BYTES_PER_SECOND);
    byte[] buf = new byte[8192];
    long left = length;
    while (left > 0) {
      long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (wait <= 0) {
        throw new SocketTimeoutException("request body not received within its deadline");
      }
      client.setSoTimeout((int) Math.min(wait, settings.idleTimeout().toMillis()));
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("client closed before sending its body");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }
}
