package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Differential test of {@link StrictUrl} against what the JDK's {@link HttpClient} really connects to. URLs are
 * generated around a loopback listener (every IPv4 and IPv6 spelling of it, names, userinfo, backslashes,
 * fragments, percent-encoding, odd ports); whenever the JDK's target is a loopback literal, the request is really
 * sent and the listener records the peer and the {@code Host} header. Whenever StrictUrl accepts a URL, the place
 * the JDK connects to must be the one StrictUrl judged: the same address (or name) and port. The JDK never
 * reaches past loopback: a URL whose JDK target is a name or another address is compared without connecting.
 */
class UrlDifferentialTest {

  static ServerSocket listener;
  static int port;
  static final BlockingQueue<String[]> SEEN = new LinkedBlockingQueue<>();
  static final AtomicInteger CASES = new AtomicInteger();
  static final AtomicInteger ACCEPTED = new AtomicInteger();
  static final AtomicInteger CONNECTED = new AtomicInteger();
  static HttpClient client;
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.]+\\]");

  @BeforeContainer
  static void listen() throws IOException {
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    port = listener.getLocalPort();
    Thread t = new Thread(UrlDifferentialTest::serve, "url-differential-listener");
    t.setDaemon(true);
    t.start();
    client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterContainer
  static void close() throws IOException {
    listener.close();
    System.out.println("UrlDifferentialTest: " + CASES.get() + " generated URLs, " + ACCEPTED.get()
        + " accepted by StrictUrl, " + CONNECTED.get() + " requests that reached the loopback listener");
  }

  private static void serve() {
    while (!listener.isClosed()) {
      try (Socket s = listener.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String host = "";
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
            host = line.substring(5).trim();
          }
        }
        SEEN.add(new String[] {s.getInetAddress().getHostAddress(), host});
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // closed at the end, or a client that went away
      }
    }
  }

  @Property(tries = 600)
  void strictUrlJudgesWhereTheJdkConnects(@ForAll("urls") String url) throws Exception {
    CASES.incrementAndGet();
    StrictUrl.Result r = StrictUrl.parse(url);
    if (r.url() == null) {
      return; // refused: nothing is reached, whatever the JDK would do
    }
    ACCEPTED.incrementAndGet();
    StrictUrl claim = r.url();
    URI uri;
    try {
      uri = URI.create(url);
      HttpRequest.newBuilder(uri);
    } catch (IllegalArgumentException e) {
      return; // the JDK refuses the URL: it connects nowhere
    }
    String jdkHost = uri.getHost();
    if (jdkHost == null) {
      return;
    }
    int jdkPort = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    assertThat(claim.port()).as("port of " + url).isEqualTo(jdkPort);
    if (!LITERAL.matcher(jdkHost).matches()) {
      assertThat(claim.kind()).as("host kind of " + url).isEqualTo(StrictUrl.HostKind.NAME);
      assertThat(claim.host()).as("host of " + url).isEqualTo(jdkHost.toLowerCase(Locale.ROOT)
          .replaceAll("\\.$", ""));
      return;
    }
    InetAddress jdkAddress = InetAddress.getByName(jdkHost); // a literal: no lookup
    assertThat(claim.address()).as("StrictUrl names no address for " + url).isNotNull();
    assertThat(InetAddress.getByAddress(claim.address())).as("address of " + url).isEqualTo(jdkAddress);
    if (jdkAddress.equals(listener.getInetAddress()) && jdkPort == port && uri.getScheme().equalsIgnoreCase("http")) {
      SEEN.clear();
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(204);
      String[] seen = SEEN.poll(5, TimeUnit.SECONDS);
      assertThat(seen).as("the listener saw " + url).isNotNull();
      assertThat(InetAddress.getByName(seen[0]).getAddress()).as("peer for " + url)
          .isEqualTo(InetAddress.getByName("127.0.0.1").getAddress());
      assertThat(seen[1]).as("Host header for " + url).endsWith(":" + port);
      CONNECTED.incrementAndGet();
    }
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> scheme = Arbitraries.of("http://", "http://", "http://", "http://", "http://", "HTTP://", "https://", "http:/", "http:\\\\",
        "http:", "ws://", "hTtP://");
    Arbitrary<String> userinfo = Arbitraries.of("", "", "", "", "", "", "", "", "", "", "a@", "a:b@", "@", "evil.com@", "a%40b@", "127.0.0.1@");
    Arbitrary<String> host = Arbitraries.of("127.0.0.1", "127.0.0.1", "127.0.0.1", "[::1]", "localhost", "127.1", "2130706433", "0x7f000001",
        "0177.0.0.1", "127.0.0.01", "[::1]", "[0:0::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "localhost",
        "LOCALHOST", "localhost.", "127.0.0.1.", "%31%32%37.0.0.1", "127.0.0.1%00", "127.0.0.1\t", " 127.0.0.1",
        "127.0.0.1:80", "[::1", "example.invalid", "EXAMPLE.invalid.", "xn--nxasmq6b.invalid", "ex\u00e4mple.invalid",
        "1.1.1.1", "169.254.169.254", "[fe80::1%25eth0]", "0", "0.0.0.0", "127.0.0.1\\@evil.invalid");
    Arbitrary<String> portPart = Arbitraries.of(":PORT", ":PORT", ":PORT", ":PORT", ":PORT", ":PORT", "", ":", ":0PORT", ":+PORT", ":PORT0",
        ":65536", ":PORT ", ":-1");
    Arbitrary<String> rest = Arbitraries.of("", "/", "", "/", "", "/x", "/a?b#c", "#@evil.invalid", "?@evil.invalid", "\\@evil.invalid",
        "/%2e%2e/", "@evil.invalid", "/a b");
    return Combinators.combine(scheme, userinfo, host, portPart, rest)
        .as((s, u, h, p, r) -> s + u + h + p.replace("PORT", String.valueOf(port)) + r);
  }
}
