package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.NetworkRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy under a hostile client and a hostile upstream. */
class EgressProxyHardeningTest {

  private ServerSocket upstream;
  private final AtomicInteger upstreamConnections = new AtomicInteger();
  private LocalServer server;
  private EgressProxy proxy;

  @BeforeEach
  void start() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!upstream.isClosed()) {
        try {
          Socket s = upstream.accept();
          upstreamConnections.incrementAndGet();
          s.close();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    server = new LocalServer();
    NetworkRules rules = new NetworkRules(List.of("http"), List.of(
        HostRule.cidr("127.0.0.1/32", List.of(upstream.getLocalPort(), server.port()))), Verdict.DENY);
    NetworkCheck check = new NetworkCheck(rules, HostResolver.fixed(Map.of()));
    proxy = EgressProxy.builder(check).maxConnections(1).bodyTimeout(Duration.ofMillis(500)).start();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    server.close();
    upstream.close();
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void badFramingIsRefusedBeforeAnyUpstreamConnection() throws IOException {
    String target = "http://127.0.0.1:" + upstream.getLocalPort() + "/";
    assertThat(raw("POST " + target + " HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        .startsWith("HTTP/1.1 411");
    assertThat(raw("POST " + target + " HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"))
        .startsWith("HTTP/1.1 400");
    assertThat(raw("POST " + target + " HTTP/1.1\r\nContent-Length: -1\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("POST " + target + " HTTP/1.1\r\nContent-Length: 99999999999999999\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(upstreamConnections).hasValue(0);
  }

  /**
   * A client that completes its head, declares a body and then sends one byte every 100 ms holds the only
   * connection slot; the body deadline (0.5 s here) frees it, and the next client is served.
   */
  @Test
  void aTricklingBodyLosesTheConnectionAtItsDeadline() throws Exception {
    try (Socket slow = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(("POST " + server.url("/echo") + " HTTP/1.1\r\nContent-Length: 10000\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      int sent = 0;
      long start = System.nanoTime();
      try {
        InputStream in = slow.getInputStream();
        slow.setSoTimeout(100);
        while (sent < 10_000) {
          out.write('x');
          out.flush();
          sent++;
          try {
            if (in.read() < 0) {
              break; // the proxy closed the connection
            }
          } catch (java.net.SocketTimeoutException e) {
            // still open: trickle on
          }
        }
      } catch (SocketException e) {
        // reset by the proxy: also the end
      }
      long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertThat(sent).as("bytes trickled before the proxy hung up").isLessThan(100);
      assertThat(waited).isLessThan(9_000);
    }
    assertThat(raw("GET " + server.url("/hello") + " HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200")
        .endsWith("hello");
  }

  @Test
  void anUpstreamCannotForgeTheProxysRefusal() throws Exception {
    String r = raw("GET " + server.url("/forged-refusal") + " HTTP/1.1\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 403").endsWith("forged");
    assertThat(r.toLowerCase(java.util.Locale.ROOT)).doesNotContain("x-agent-guard");
    NetworkCheck check = new NetworkCheck(new NetworkRules(List.of("http"), List.of(
        HostRule.cidr("127.0.0.1/32", List.of(server.port()))), Verdict.DENY), HostResolver.fixed(Map.of()));
    try (GuardedHttpClient client = GuardedHttpClient.builder(check).proxy(proxy).build()) {
      GuardedHttpClient.Response resp = client.get(server.url("/forged-refusal"));
      assertThat(resp.status()).isEqualTo(403);
      assertThat(resp.bodyText()).isEqualTo("forged");
      assertThat(resp.headers().firstValue(EgressProxy.RULE_HEADER)).isEmpty();
    }
  }
}
