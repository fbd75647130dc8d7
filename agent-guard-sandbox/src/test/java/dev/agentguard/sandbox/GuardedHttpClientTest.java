package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.NetworkRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GuardedHttpClientTest {

  private LocalServer server;

  @BeforeEach
  void start() throws IOException {
    server = new LocalServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private NetworkRules rules() {
    return new NetworkRules(List.of("http"), List.of(
        HostRule.cidr("127.0.0.1/32", List.of(server.port())),
        HostRule.host("app.test", List.of(server.port())),
        HostRule.host("rebind.test", List.of(server.port())),
        HostRule.host("*")), Verdict.DENY);
  }

  private NetworkCheck check(HostResolver resolver) {
    return new NetworkCheck(rules(), resolver);
  }

  private NetworkCheck check() {
    return check(HostResolver.fixed(Map.of("app.test", List.of("127.0.0.1"))));
  }

  @Test
  void allowedFetch() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      GuardedHttpClient.Response r = client.get(server.url("/hello"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).isEqualTo("hello");
    }
  }

  @Test
  void allowedFetchByNameConnectsToTheCheckedAddress() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      GuardedHttpClient.Response r = client.get("http://app.test:" + server.port() + "/echo");
      assertThat(r.bodyText()).isEqualTo("GET  host=app.test:" + server.port());
    }
  }

  @Test
  void postBodyIsForwarded() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
          .POST(HttpRequest.BodyPublishers.ofString("payload")).build());
      try (InputStream in = r.body()) {
        assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("POST payload");
      }
    }
  }

  @Test
  void allowedRedirectIsFollowed() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      GuardedHttpClient.Response r = client.get(server.url("/to-hello"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).isEqualTo("hello");
      assertThat(r.uri().getPath()).isEqualTo("/hello");
    }
  }

  @Test
  void redirectToMetadataIsRefused() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      assertThatThrownBy(() -> client.get(server.url("/to-metadata")))
          .isInstanceOfSatisfying(EgressDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("network.metadata"));
      assertThatThrownBy(() -> client.get(server.url("/to-octal")))
          .isInstanceOfSatisfying(EgressDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("network.non-canonical-ip"));
      assertThatThrownBy(() -> client.get(server.url("/to-other-port")))
          .isInstanceOfSatisfying(EgressDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("network.port"));
    }
  }

  @Test
  void deniedFirstRequestNeverLeaves() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      assertThatThrownBy(() -> client.get("http://127.0.0.2:" + server.port() + "/hello"))
          .isInstanceOf(EgressDeniedException.class);
      assertThatThrownBy(() -> client.get("http://localhost:" + server.port() + "/hello"))
          .isInstanceOf(EgressDeniedException.class);
      assertThat(server.hits).hasValue(0);
    }
  }

  @Test
  void redirectLoopIsBounded() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.builder(check()).maxRedirects(3).build()) {
      assertThatThrownBy(() -> client.get(server.url("/loop"))).isInstanceOf(IOException.class)
          .hasMessageContaining("too many redirects");
      assertThat(server.hits).hasValue(4);
    }
  }

  @Test
  void bodyIsBounded() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.builder(check()).maxBodyBytes(1000).build()) {
      assertThatThrownBy(() -> client.get(server.url("/big"))).isInstanceOf(IOException.class)
          .hasMessageContaining("exceeds 1000 bytes");
    }
  }

  @Test
  void rebindingBetweenCheckAndConnectionIsRefused() throws Exception {
    // first answer (the client's check) is loopback, which the policy opens; later answers are 10.0.0.1
    AtomicInteger calls = new AtomicInteger();
    InetAddress ok = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    InetAddress bad = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    HostResolver flipping = host -> List.of(calls.getAndIncrement() == 0 ? ok : bad);
    try (GuardedHttpClient client = GuardedHttpClient.create(check(flipping))) {
      assertThatThrownBy(() -> client.get("http://rebind.test:" + server.port() + "/hello"))
          .isInstanceOfSatisfying(EgressDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo("network.private-address"));
    }
    assertThat(server.hits).hasValue(0);
  }

  @Test
  void proxyConnectsToTheAddressItCheckedNotAFreshLookup() throws Exception {
    // the proxy's lookup (second) is the one it connects to; a third lookup would be private and never happens
    AtomicInteger calls = new AtomicInteger();
    InetAddress ok = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    InetAddress bad = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    HostResolver flipping = host -> List.of(calls.getAndIncrement() < 2 ? ok : bad);
    try (GuardedHttpClient client = GuardedHttpClient.create(check(flipping))) {
      assertThat(client.get("http://rebind.test:" + server.port() + "/hello").bodyText()).isEqualTo("hello");
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void concurrentFetchesShareOneProxy() throws Exception {
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
          results.add(pool.submit(() -> client.get(server.url("/hello")).bodyText()));
        }
        for (java.util.concurrent.Future<String> f : results) {
          assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void nullArgumentsAreRejectedWithNames() throws Exception {
    assertThatThrownBy(() -> GuardedHttpClient.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("check");
    try (GuardedHttpClient client = GuardedHttpClient.create(check())) {
      assertThatThrownBy(() -> client.get(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("url");
      assertThatThrownBy(() -> client.send(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("request");
    }
  }
}
