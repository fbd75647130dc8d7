package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.NetworkRules;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EgressProxyTest {

  private LocalServer server;
  private EgressProxy proxy;

  @BeforeEach
  void start() throws IOException {
    server = new LocalServer();
    NetworkRules rules = new NetworkRules(List.of("http", "https"), List.of(
        HostRule.cidr("127.0.0.1/32", List.of(server.port())),
        HostRule.host("app.test", List.of(server.port())),
        HostRule.host("*")), Verdict.DENY);
    NetworkCheck check = new NetworkCheck(rules, HostResolver.fixed(Map.of("app.test", List.of("127.0.0.1"))));
    proxy = EgressProxy.builder(check).headerTimeout(Duration.ofMillis(500)).maxConnections(4).start();
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.close();
  }

  /** Sends raw bytes to the proxy and returns everything it answers until it closes. */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void forwardsAllowedPlainHttp() throws IOException {
    String r = raw("GET http://app.test:" + server.port() + "/echo HTTP/1.1\r\nHost: whatever\r\n"
        + "Proxy-Connection: keep-alive\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200").contains("Connection: close").endsWith("GET  host=app.test:"
        + server.port());
  }

  @Test
  void refusesDeniedTargetsWithReasonHeaders() throws IOException {
    String r = raw("GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 403").contains(EgressProxy.RULE_HEADER + ": network.metadata")
        .contains(EgressProxy.REASON_HEADER + ": ");
    assertThat(raw("GET http://0x7f000001:" + server.port() + "/hello HTTP/1.1\r\n\r\n"))
        .startsWith("HTTP/1.1 403").contains("network.non-canonical-ip");
    assertThat(raw("GET http://evil.com\\@app.test/ HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403");
    assertThat(raw("CONNECT 169.254.169.254:443 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403")
        .contains("network.metadata");
    assertThat(raw("CONNECT 10.0.0.1:443 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 403")
        .contains("network.private-address");
    assertThat(server.hits).hasValue(0);
  }

  @Test
  void tunnelsAllowedConnect() throws IOException {
    try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("CONNECT app.test:" + server.port() + " HTTP/1.1\r\nHost: app.test\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String established = readLine(in);
      assertThat(established).startsWith("HTTP/1.1 200");
      assertThat(readLine(in)).isEmpty();
      out.write("GET /hello HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  @Test
  void survivesMalformedClients() throws IOException {
    assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET http://app.test/ HTTP/1.1\nHost: x\n\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET http://app.test/ HTTP/1.1\r\nBad Header\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("CONNECT app.test HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("CONNECT a/b:443 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("GET http://app.test:" + server.port() + "/ HTTP/1.1\r\nX: " + "a".repeat(20_000)
        + "\r\n\r\n")).startsWith("HTTP/1.1 431");
    assertThat(raw("POST http://app.test:" + server.port() + "/echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\n")).startsWith("HTTP/1.1 411");
    assertThat(raw("POST http://app.test:" + server.port() + "/echo HTTP/1.1\r\nContent-Length: 1\r\n"
        + "Content-Length: 2\r\n\r\nab")).startsWith("HTTP/1.1 400");
    assertThat(raw("")).startsWith("HTTP/1.1 408");
    // still serving
    assertThat(raw("GET http://app.test:" + server.port() + "/hello HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200");
  }

  @Test
  void slowClientIsCutOff() throws IOException {
    try (Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET http://app.test/ HTTP/1.1\r\nHost:".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(r).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void connectionCapAnswers503() throws IOException {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket s = new Socket(proxy.address().getAddress(), proxy.address().getPort());
        s.getOutputStream().write("GET http://app.test/ HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        held.add(s);
      }
      // the acceptor takes connections in order, so the four above hold every permit until they time out
      String r = raw("GET http://app.test:" + server.port() + "/hello HTTP/1.1\r\n\r\n");
      assertThat(r).satisfiesAnyOf(x -> assertThat(x).startsWith("HTTP/1.1 503"),
          x -> assertThat(x).startsWith("HTTP/1.1 200"));
      assertThat(r).startsWith("HTTP/1.1 503");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void environmentRoutesChildrenThroughTheProxy() {
    Map<String, String> env = proxy.environment();
    assertThat(env).containsEntry("HTTP_PROXY", proxy.proxyUrl()).containsEntry("https_proxy", proxy.proxyUrl())
        .containsEntry("NO_PROXY", "").containsEntry("no_proxy", "");
    assertThat(proxy.proxyUrl()).startsWith("http://127.0.0.1:");
  }

  @Test
  void childProcessIsForcedThroughTheProxy() throws Exception {
    String ok = runChild("http://app.test:" + server.port() + "/hello");
    assertThat(ok).contains("200").contains("hello");
    String denied = runChild("http://169.254.169.254/latest/meta-data/");
    assertThat(denied).contains("403").containsIgnoringCase(EgressProxy.RULE_HEADER + ": network.metadata");
  }

  private String runChild(String url) throws Exception {
    List<String> command = new ArrayList<>();
    if (onPath("curl")) {
      command.addAll(List.of("curl", "-s", "-i", "--max-time", "20", url));
    } else {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), ProxyChild.class.getName(), url));
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
    pb.environment().putAll(proxy.environment());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void closeStopsServing() throws IOException {
    proxy.close();
    proxy.close();
    assertThatThrownBy(() -> raw("GET http://app.test/ HTTP/1.1\r\n\r\n")).isInstanceOf(IOException.class);
  }
}
