package dev.agentguard.sandbox;

import dev.agentguard.api.Durations;
import dev.agentguard.core.net.NetworkCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A small HTTP forward proxy on {@code 127.0.0.1} that enforces a {@link NetworkCheck}: plain HTTP requests in
 * absolute form ({@code GET http://host/path HTTP/1.1}) and {@code CONNECT host:port} tunnels (for HTTPS). Each
 * request's host is resolved once, every answer is checked, and the proxy connects to a checked address, so a
 * DNS answer that changes between check and connection (rebinding) cannot slip through. Refusals answer
 * {@code 403} with the deciding rule in {@code X-Agent-Guard-Rule} and the reason in
 * {@code X-Agent-Guard-Reason}; those headers are removed from every upstream response, so a client can tell the
 * proxy's own refusal from a server's answer. Bounded: header size, header and idle timeouts, a total deadline for
 * a request body (a client sending one byte a second cannot hold a connection slot), concurrent connections. A
 * request with bad framing is refused before any upstream connection is opened. One request per connection for
 * plain HTTP ({@code Connection: close}).
 *
 * <p>Hand it to child processes with {@link #environment()}; close it with {@link #close()}.
 */
public final class EgressProxy implements AutoCloseable {

  /** Response header naming the rule that refused a request. */
  public static final String RULE_HEADER = "X-Agent-Guard-Rule";
  /** Response header carrying the reason a request was refused. */
  public static final String REASON_HEADER = "X-Agent-Guard-Reason";
  /** Response header carrying this proxy's own secret on its refusals (never forwarded from upstream). */
  static final String TOKEN_HEADER = "X-Agent-Guard-Proxy";

  private final ProxyAnswers answers;
  private final ProxyAcceptor acceptor;

  private EgressProxy(NetworkCheck check, ProxySettings settings) throws IOException {
    byte[] secret = new byte[16];
    new java.security.SecureRandom().nextBytes(secret);
    this.answers = new ProxyAnswers(java.util.HexFormat.of().formatHex(secret));
    this.acceptor = new ProxyAcceptor(check, settings, answers);
  }

  /**
   * Starts a proxy enforcing {@code check} with default limits.
   *
   * @param check the network check every request and CONNECT target must pass
   * @return the running proxy; close it to stop it
   * @throws IOException if the listening socket cannot be bound
   */
  public static EgressProxy start(NetworkCheck check) throws IOException {
    return builder(check).start();
  }

  /**
   * Returns a builder for a proxy enforcing {@code check}.
   *
   * @param check the network check every request and CONNECT target must pass; not {@code null}
   * @return a builder with the default limits
   */
  public static Builder builder(NetworkCheck check) {
    return new Builder(Objects.requireNonNull(check, "check must not be null"));
  }

  /** The secret this proxy puts on its own refusals: a refusal without it did not come from this proxy. */
  String refusalToken() {
    return answers.token();
  }

  /**
   * The address the proxy listens on (127.0.0.1, ephemeral port).
   *
   * @return the loopback address and the port the proxy accepts connections on
   */
  public InetSocketAddress address() {
    return acceptor.address();
  }

  /**
   * The proxy URL, such as {@code http://127.0.0.1:41234}.
   *
   * @return the URL to put in a client's proxy settings
   */
  public String proxyUrl() {
    return "http://127.0.0.1:" + acceptor.address().getPort();
  }

  /**
   * Environment variables that route a child process's HTTP(S) clients through this proxy: {@code HTTP_PROXY},
   * {@code HTTPS_PROXY}, {@code ALL_PROXY} in both cases, and an empty {@code NO_PROXY}/{@code no_proxy} so that
   * no host bypasses it.
   *
   * @return the variables, unmodifiable
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
      env.put(name, proxyUrl());
      env.put(name.toLowerCase(Locale.ROOT), proxyUrl());
    }
    env.put("NO_PROXY", "");
    env.put("no_proxy", "");
    return Map.copyOf(env);
  }

  /** Stops accepting, closes every open connection and releases the threads. Idempotent. */
  @Override
  public void close() {
    acceptor.close();
  }

  /** Configures and starts an {@link EgressProxy}. Not thread-safe. */
  public static final class Builder {
    private final NetworkCheck check;
    private int maxConnections = 64;
    private int maxHeaderBytes = 16 * 1024;
    private Duration headerTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(2);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration bodyTimeout = Duration.ofSeconds(30);

    private Builder(NetworkCheck check) {
      this.check = check;
    }

    /**
     * Concurrent client connections (default 64); more are answered 503.
     *
     * @param n the number of connections served at once, 1 to 10,000
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Builder maxConnections(int n) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("maxConnections must be 1-10000");
      }
      this.maxConnections = n;
      return this;
    }

    /**
     * Largest request head accepted (default 16 KiB); larger heads are answered 431.
     *
     * @param n the largest request head in bytes, 256 bytes to 1 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Builder maxHeaderBytes(int n) {
      if (n < 256 || n > 1 << 20) {
        throw new IllegalArgumentException("maxHeaderBytes must be 256 bytes to 1 MiB");
      }
      this.maxHeaderBytes = n;
      return this;
    }

    /**
     * Time a client has to send its whole request head (default 10 s); slower clients are answered 408.
     *
     * @param d the time limit; positive and under 24 days
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero, negative or too long
     */
    public Builder headerTimeout(Duration d) {
      this.headerTimeout = Durations.positiveAtMost(d, Durations.MAX_INT_MILLIS, "headerTimeout");
      return this;
    }

    /**
     * Time a connection may stay silent before it is closed (default 2 min).
     *
     * @param d the time limit; positive and under 24 days
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero, negative or too long
     */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = Durations.positiveAtMost(d, Durations.MAX_INT_MILLIS, "idleTimeout");
      return this;
    }

    /**
     * Time to connect to the destination (default 10 s).
     *
     * @param d the time limit; positive and under 24 days
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero, negative or too long
     */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Durations.positiveAtMost(d, Durations.MAX_INT_MILLIS, "connectTimeout");
      return this;
    }

    /**
     * Time a client has to send a request body (default 30 s), plus one second for every 16 KiB of its declared
     * length; a slower body loses the connection.
     *
     * @param d the base time limit; positive and under 24 days
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero, negative or too long
     */
    public Builder bodyTimeout(Duration d) {
      this.bodyTimeout = Durations.positiveAtMost(d, Durations.MAX_INT_MILLIS, "bodyTimeout");
      return this;
    }

    /**
     * Binds to 127.0.0.1 on an ephemeral port and starts serving.
     *
     * @return the running proxy; close it to stop it
     * @throws IOException if the listening socket cannot be bound
     */
    public EgressProxy start() throws IOException {
      return new EgressProxy(check,
          new ProxySettings(maxConnections, maxHeaderBytes, headerTimeout, idleTimeout, connectTimeout, bodyTimeout));
    }
  }
}
