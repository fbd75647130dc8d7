package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Durations;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.ResolvedTarget;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP client that only reaches what a {@link NetworkCheck} allows. Every request and every redirect hop is
 * checked (redirects are followed here, never by the JDK), and all traffic goes through an {@link EgressProxy}
 * that resolves each name once, checks the answer and connects to that checked address, so DNS rebinding
 * between check and connection is refused. Bodies are streamed with a size bound; connect and request
 * timeouts are bounded. A refusal is an {@link EgressDeniedException} carrying the deciding {@link Decision}.
 * Thread-safe; close it to stop the proxy it owns.
 */
public final class GuardedHttpClient implements AutoCloseable {

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

  private final NetworkCheck check;
  private final EgressProxy proxy;
  private final boolean ownsProxy;
  private final HttpClient client;
  private final int maxRedirects;
  private final long maxBodyBytes;
  private final Duration requestTimeout;

  private GuardedHttpClient(Builder b) throws IOException {
    this.check = b.check;
    this.ownsProxy = b.proxy == null;
    this.proxy = b.proxy != null ? b.proxy : EgressProxy.start(b.check);
    this.maxRedirects = b.maxRedirects;
    this.maxBodyBytes = b.maxBodyBytes;
    this.requestTimeout = b.requestTimeout;
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(ProxySelector.of(proxy.address()))
        .connectTimeout(b.connectTimeout)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * A client enforcing {@code check} with default limits, routed through a proxy of its own.
   *
   * @param check the network check every request and redirect hop must pass
   * @return a client enforcing {@code check} with default limits, routed through a proxy of its own
   * @throws IOException if its proxy cannot be started
   */
  public static GuardedHttpClient create(NetworkCheck check) throws IOException {
    return builder(check).build();
  }

  /**
   * Returns a builder for a client enforcing {@code check}.
   *
   * @param check the network check every request and redirect hop must pass; not {@code null}
   * @return a builder for a client enforcing {@code check}
   */
  public static Builder builder(NetworkCheck check) {
    return new Builder(Objects.requireNonNull(check, "check must not be null"));
  }

  /** A fully read response. */
  public record Response(int status, URI uri, HttpHeaders headers, byte[] body) {
    /**
     * Validates and copies the components.
     *
     * @param status the HTTP status code
     * @param uri the URI that answered (after redirects)
     * @param headers the response headers
     * @param body the body bytes, copied
     */
    public Response {
      Objects.requireNonNull(uri, "uri must not be null");
      Objects.requireNonNull(headers, "headers must not be null");
      body = Objects.requireNonNull(body, "body must not be null").clone();
    }

    /**
     * The body (a copy).
     *
     * @return the body (a copy)
     */
    @Override
    public byte[] body() {
      return body.clone();
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the body decoded as UTF-8
     */
    public String bodyText() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * GETs {@code url} (following allowed redirects) and reads the whole body, up to the size bound.
   *
   * @param url the absolute URL to fetch
   * @return the final response, its body read whole
   * @throws EgressDeniedException if the URL or a redirect hop is refused
   * @throws IOException on network failure, too many redirects, or a body over the bound
   * @throws InterruptedException if interrupted while waiting for the response
   */
  public Response get(String url) throws IOException, InterruptedException {
    Objects.requireNonNull(url, "url must not be null");
    HttpResponse<InputStream> r = send(HttpRequest.newBuilder(toUri(url)).GET().build());
    try (InputStream in = r.body()) {
      return new Response(r.statusCode(), r.uri(), r.headers(), in.readAllBytes());
    }
  }

  /**
   * Sends {@code request}, following redirects that the policy allows (at most the configured number of hops),
   * and returns the final response with its body as a size-bounded stream; close it when done.
   *
   * @param request the request; without a timeout of its own it gets the client's request timeout
   * @return the final response
   * @throws EgressDeniedException if the request or a redirect hop is refused
   * @throws IOException on network failure, too many redirects, or a body over the bound while reading
   * @throws InterruptedException if interrupted while waiting for a response
   */
  public HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
    Objects.requireNonNull(request, "request must not be null");
    HttpRequest current = withTimeout(request);
    for (int hop = 0; ; hop++) {
      requireAllowed(current.uri().toString());
      HttpResponse<InputStream> r = client.send(current, HttpResponse.BodyHandlers.ofInputStream());
      Optional<String> rule = r.headers().firstValue(EgressProxy.RULE_HEADER);
      // Only the proxy's own refusal carries its secret; a server cannot forge one (the proxy strips the headers
      // from plain-HTTP responses, and a server behind a tunnel does not know the secret).
      boolean fromProxy = r.headers().firstValue(EgressProxy.TOKEN_HEADER)
          .filter(proxy.refusalToken()::equals).isPresent();
      if (r.statusCode() == 403 && rule.isPresent() && fromProxy) {
        r.body().close();
        throw new EgressDeniedException(Decision.deny(check.name(), rule.get(),
            r.headers().firstValue(EgressProxy.REASON_HEADER).orElse("refused by the egress proxy")));
      }
      Optional<String> location = r.headers().firstValue("Location");
      if (!REDIRECTS.contains(r.statusCode()) || location.isEmpty()) {
        return new BoundedResponse(r, new BoundedInputStream(r.body(), maxBodyBytes));
      }
      r.body().close();
      if (hop >= maxRedirects) {
        throw new IOException("too many redirects (more than " + maxRedirects + ")");
      }
      URI next = resolveLocation(current.uri(), location.get());
      current = redirect(current, r.statusCode(), next);
    }
  }

  private void requireAllowed(String url) throws EgressDeniedException {
    ResolvedTarget t = check.resolveTarget(url);
    Decision d = t.decision();
    if (!d.isAllow()) {
      throw new EgressDeniedException(d.isAsk()
          ? Decision.deny(d.check(), d.rule(), d.reason() + " (needs approval; the HTTP client does not ask)")
          : d);
    }
    // An approved call may reach only the host, port and addresses that were approved.
    Optional<Decision> notApproved = ApprovedTargets.current()
        .flatMap(a -> a.checkHost(t.host(), t.port(), t.addresses()));
    if (notApproved.isPresent()) {
      throw new EgressDeniedException(notApproved.get());
    }
  }

  private static URI toUri(String url) throws EgressDeniedException {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new EgressDeniedException(
          Decision.deny("network", NetworkCheck.RULE_INVALID_URL, "invalid URL: " + e.getMessage()));
    }
  }

  private URI resolveLocation(URI base, String location) throws EgressDeniedException {
    Decision syntax = null;
    URI next;
    try {
      next = base.resolve(new URI(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      next = null;
      syntax = Decision.deny(check.name(), NetworkCheck.RULE_INVALID_URL, "redirect to an invalid URL: "
          + UntrustedText.quote(location));
    }
    if (syntax != null) {
      throw new EgressDeniedException(syntax);
    }
    return next;
  }

  private HttpRequest redirect(HttpRequest previous, int status, URI next) {
    boolean sameOrigin = Objects.equals(previous.uri().getScheme(), next.getScheme())
        && Objects.equals(previous.uri().getRawAuthority(), next.getRawAuthority());
    HttpRequest.Builder b = HttpRequest.newBuilder(previous,
        (name, value) -> sameOrigin || !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
    b.uri(next);
    String method = previous.method();
    boolean keepMethod = status == 307 || status == 308 || method.equals("GET") || method.equals("HEAD");
    if (!keepMethod) {
      b.method("GET", HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private HttpRequest withTimeout(HttpRequest request) {
    if (request.timeout().isPresent()) {
      return request;
    }
    return HttpRequest.newBuilder(request, (n, v) -> true).timeout(requestTimeout).build();
  }

  /**
   * The proxy this client sends through (for handing to child processes too).
   *
   * @return the proxy this client sends through (for handing to child processes too)
   */
  public EgressProxy proxy() {
    return proxy;
  }

  /** Stops the proxy this client started (a proxy given to the builder is left running). */
  @Override
  public void close() {
    if (ownsProxy) {
      proxy.close();
    }
  }

  /** A stream that fails once more than {@code limit} bytes have been read. */
  private static final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(long n) throws IOException {
      count += n;
      if (count > limit) {
        close();
        throw new IOException("response body exceeds " + limit + " bytes");
      }
    }
  }

  /** A response whose body stream is bounded. */
  private static final class BoundedResponse implements HttpResponse<InputStream> {
    private final HttpResponse<InputStream> inner;
    private final InputStream body;

    BoundedResponse(HttpResponse<InputStream> inner, InputStream body) {
      this.inner = inner;
      this.body = body;
    }

    @Override
    public int statusCode() {
      return inner.statusCode();
    }

    @Override
    public HttpRequest request() {
      return inner.request();
    }

    @Override
    public Optional<HttpResponse<InputStream>> previousResponse() {
      return inner.previousResponse();
    }

    @Override
    public HttpHeaders headers() {
      return inner.headers();
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return inner.sslSession();
    }

    @Override
    public URI uri() {
      return inner.uri();
    }

    @Override
    public HttpClient.Version version() {
      return inner.version();
    }
  }

  /** Configures a {@link GuardedHttpClient}. Not thread-safe. */
  public static final class Builder {
    private final NetworkCheck check;
    private EgressProxy proxy;
    private int maxRedirects = 5;
    private long maxBodyBytes = 10L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder(NetworkCheck check) {
      this.check = check;
    }

    /**
     * Sends through an existing proxy (left running on close) instead of starting one.
     *
     * @param proxy a running proxy, enforcing the same policy; not {@code null}
     * @return this builder
     */
    public Builder proxy(EgressProxy proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy must not be null");
      return this;
    }

    /**
     * Redirect hops followed at most (default 5, 0 = none).
     *
     * @param n the most redirect hops followed, 0 to 50
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Builder maxRedirects(int n) {
      if (n < 0 || n > 50) {
        throw new IllegalArgumentException("maxRedirects must be 0-50");
      }
      this.maxRedirects = n;
      return this;
    }

    /**
     * Largest response body read (default 10 MiB).
     *
     * @param n the largest body in bytes; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Builder maxBodyBytes(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxBodyBytes must not be negative");
      }
      this.maxBodyBytes = n;
      return this;
    }

    /**
     * Connect timeout (default 10 s).
     *
     * @param d the time limit; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Durations.positive(d, "connectTimeout");
      return this;
    }

    /**
     * Timeout of each request without its own (default 30 s).
     *
     * @param d the time limit; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Durations.positive(d, "requestTimeout");
      return this;
    }

    /**
     * Builds the client (starting its own proxy unless one was given).
     *
     * @return the client; close it to stop the proxy it started
     * @throws IOException if its proxy cannot be started
     */
    public GuardedHttpClient build() throws IOException {
      return new GuardedHttpClient(this);
    }
  }
}
