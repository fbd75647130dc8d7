package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Differential test of {@link StrictUrl} against what the JDK's {@link HttpClient} really connects to. URLs are
 * built part by part ({@link UrlCases}) around loopback listeners on several addresses (127.0.0.1, 127.0.0.2,
 * 127.1.2.3 and ::1 where the system has them), each on its own port. Whenever StrictUrl accepts a URL, the place
 * the JDK connects to must be the one StrictUrl judged: the same address (or name) and port. When that place is
 * a listener, the request is really sent and the listener that receives it must be the one at StrictUrl's
 * address and port. The JDK never reaches past loopback: any other target is compared without connecting.
 */
class UrlDifferentialTest {

  /** How a generated case ended. */
  enum Outcome {
    /** Both accepted; host and port compared. */
    COMPARED,
    /** Of those compared, sent for real and received by the listener at StrictUrl's address and port. */
    CONNECTED,
    /** StrictUrl accepted; the JDK refuses the URL (it connects nowhere). */
    JDK_REFUSES,
    /** StrictUrl refused; the JDK would connect (a refusal, never a wrong allow). */
    STRICT_REFUSES,
    /** Both refused. */
    BOTH_REFUSE
  }

  private static final Map<Outcome, AtomicInteger> COUNTS = new EnumMap<>(Outcome.class);
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final List<LoopbackListener> LISTENERS = new ArrayList<>();
  private static HttpClient client;

  @BeforeContainer
  static void listen() throws IOException {
    // The JDK's reading of a host is taken from InetAddress itself, which parses literals (every form it
    // accepts: 2130706433, 0177.0.0.1, 127.1) and looks names up. The build points the name service at a hosts
    // file that does not exist, so no name ever reaches DNS and every name is unknown.
    assertThat(System.getProperty("jdk.net.hosts.file")).as("run with -Djdk.net.hosts.file=<no such file>, as"
        + " the Maven build does, so that no host name is looked up").isNotNull();
    assertThat(Files.exists(Path.of(System.getProperty("jdk.net.hosts.file")))).isFalse();
    for (Outcome o : Outcome.values()) {
      COUNTS.put(o, new AtomicInteger());
    }
    LISTENERS.add(LoopbackListener.open(InetAddress.getByName("127.0.0.1")));
    for (String extra : List.of("127.0.0.2", "127.1.2.3", "::1")) {
      try {
        LISTENERS.add(LoopbackListener.open(InetAddress.getByName(extra)));
      } catch (IOException notOnThisSystem) {
        // a system without that loopback address: the URLs aim at the others
      }
    }
    client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterContainer
  static void close() {
    LISTENERS.forEach(LoopbackListener::close);
    int n = CASES.get();
    int compared = COUNTS.get(Outcome.COMPARED).get();
    System.out.printf("UrlDifferentialTest: %d generated URLs; %d (%d%%) compared with the JDK's target, %d of them"
        + " by a real request to a loopback listener; %d accepted by StrictUrl and refused by the JDK; %d refused by"
        + " StrictUrl where the JDK would connect; %d refused by both%n", n, compared, n == 0 ? 0 : 100 * compared / n,
        COUNTS.get(Outcome.CONNECTED).get(), COUNTS.get(Outcome.JDK_REFUSES).get(),
        COUNTS.get(Outcome.STRICT_REFUSES).get(), COUNTS.get(Outcome.BOTH_REFUSE).get());
  }

  @Provide
  Arbitrary<String> urls() {
    List<UrlCases.Target> targets = new ArrayList<>();
    for (LoopbackListener l : LISTENERS) {
      targets.add(new UrlCases.Target(l.address().getAddress(), l.port()));
    }
    return new UrlCases(targets).urls();
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void strictUrlJudgesWhereTheJdkConnects(@ForAll("urls") String url) throws Exception {
    CASES.incrementAndGet();
    JdkTarget jdk = JdkTarget.of(url);
    StrictUrl.Result r = StrictUrl.parse(url);
    if (r.url() == null) {
      COUNTS.get(jdk == null ? Outcome.BOTH_REFUSE : Outcome.STRICT_REFUSES).incrementAndGet();
      return;
    }
    if (jdk == null) {
      COUNTS.get(Outcome.JDK_REFUSES).incrementAndGet();
      return;
    }
    StrictUrl claim = r.url();
    assertThat(claim.port()).as("port of " + url).isEqualTo(jdk.port());
    if (jdk.literal() == null) {
      assertThat(claim.kind()).as("host kind of " + url).isEqualTo(StrictUrl.HostKind.NAME);
      assertThat(claim.host()).as("host of " + url).isEqualTo(jdk.host().toLowerCase(Locale.ROOT)
          .replaceAll("\\.$", ""));
    } else {
      assertThat(claim.address()).as("StrictUrl names no address for " + url).isNotNull();
      assertThat(InetAddress.getByAddress(claim.address())).as("address of " + url).isEqualTo(jdk.literal());
    }
    COUNTS.get(Outcome.COMPARED).incrementAndGet();
    LoopbackListener at = listenerAt(jdk);
    if (at != null && jdk.scheme().equals("http")) {
      connect(url, claim, at);
    }
  }

  private static LoopbackListener listenerAt(JdkTarget jdk) {
    for (LoopbackListener l : LISTENERS) {
      if (l.address().equals(jdk.literal()) && l.port() == jdk.port()) {
        return l;
      }
    }
    return null;
  }

  /** Sends the request; the listener that receives it must be at StrictUrl's address and port. */
  private static void connect(String url, StrictUrl claim, LoopbackListener expected) throws Exception {
    LISTENERS.forEach(LoopbackListener::forget);
    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).as(url).isEqualTo(204);
    LoopbackListener.Request seen = expected.received(5, TimeUnit.SECONDS);
    assertThat(seen).as("the listener at " + expected.address() + ":" + expected.port() + " saw " + url).isNotNull();
    assertThat(seen.local().getAddress()).as("address reached by " + url).isEqualTo(claim.address());
    assertThat(seen.localPort()).as("port reached by " + url).isEqualTo(claim.port());
    assertThat(seen.host()).as("Host header for " + url).endsWith(":" + claim.port());
    COUNTS.get(Outcome.CONNECTED).incrementAndGet();
  }

  /**
   * Where the JDK's {@code HttpClient} connects for a URL, read the way it reads it: {@link URI} gives the host
   * and port, {@link HttpRequest} refuses what it cannot send, and {@link InetAddress#getByName} reads the host
   * as a literal address or, failing that, as a name to look up.
   *
   * @param scheme the lower-case scheme
   * @param host the host as {@link URI#getHost()} gives it
   * @param literal the address of a literal host, or {@code null} for a name the JDK would resolve
   * @param port the port it connects to
   */
  record JdkTarget(String scheme, String host, InetAddress literal, int port) {

    /** The JDK's target, or {@code null} if it refuses the URL or cannot connect anywhere. */
    static JdkTarget of(String url) {
      URI uri;
      try {
        uri = URI.create(url);
        HttpRequest.newBuilder(uri);
      } catch (IllegalArgumentException refused) {
        return null;
      }
      String host = uri.getHost();
      if (host == null) {
        return null;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      if (port > 65535) {
        return null; // InetSocketAddress refuses it, the send fails
      }
      try {
        // the JDK's own reading of the host; names never reach DNS (see listen()). A literal comes back without
        // a host name ("/127.0.0.1"); a name the JDK resolved anyway (localhost) comes back with it.
        InetAddress a = InetAddress.getByName(host);
        return new JdkTarget(scheme, host, a.toString().startsWith("/") ? a : null, port);
      } catch (UnknownHostException e) {
        // not a literal: a name the JDK would resolve; or a bracketed literal it cannot use (a zone id naming no
        // interface), which connects nowhere
        return host.startsWith("[") ? null : new JdkTarget(scheme, host, null, port);
      }
    }
  }
}
