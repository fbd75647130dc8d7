package dev.agentguard.console;

import com.sun.net.httpserver.HttpServer;
import dev.agentguard.ops.approval.ApprovalInbox;
import dev.agentguard.core.telemetry.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A web page where a person answers the calls waiting in an {@link ApprovalInbox}, served by the JDK's HTTP
 * server on the loopback interface unless told otherwise.
 *
 * <pre>{@code
 * try (ApprovalConsole console = ApprovalConsole.builder(inbox).build().start()) {
 *   // prints: agent-guard approval console: open http://127.0.0.1:8787/login?code=... (one-time link)
 *   ...
 * }
 * }</pre>
 *
 * <p>Security: a browser signs in once through the printed one-time link and then holds an {@code HttpOnly},
 * {@code SameSite=Strict} session cookie; a script sends the API {@link #token()} as {@code Authorization:
 * Bearer}. Every answer from a browser carries the session's CSRF token and a same-origin {@code Origin}
 * header. Every answer names the fingerprint of the call the page showed and goes through
 * {@link ApprovalInbox#answer(String, String, dev.agentguard.api.ApprovalResponse)}: a page showing another
 * call than the one waiting denies it instead of approving it. Pages carry a strict Content-Security-Policy,
 * and the script puts data into the page only as text. Arguments, rationale and resources are redacted.
 *
 * <p>Thread-safe. {@link #close()} stops the server.
 */
public final class ApprovalConsole implements AutoCloseable {

  private final ApprovalInbox inbox;
  private final InetSocketAddress bindAddress;
  private final PrintStream announce;
  private final ConsoleAuth auth;
  private final Redactor redactor;
  private final String decidedBy;
  private final Duration refreshInterval;
  private HttpServer server;
  private ExecutorService executor;

  private ApprovalConsole(Builder b) {
    this.inbox = b.inbox;
    this.bindAddress = new InetSocketAddress(b.address, b.port);
    this.announce = b.announce;
    this.auth = new ConsoleAuth(b.clock, b.sessionLifetime, b.loginCodeLifetime);
    this.redactor = b.redactor;
    this.decidedBy = b.decidedBy;
    this.refreshInterval = b.refreshInterval;
  }

  /**
   * Returns a builder for a console over {@code inbox}.
   *
   * @param inbox the inbox whose requests the console shows and answers; not {@code null}
   * @return a builder with the defaults
   */
  public static Builder builder(ApprovalInbox inbox) {
    return new Builder(inbox);
  }

  /**
   * Starts serving and prints the one-time login link to the stream given to {@link Builder#announceTo} (by
   * default standard error).
   *
   * @return this console, serving
   * @throws UncheckedIOException if the address cannot be bound
   * @throws IllegalStateException if already started
   */
  public synchronized ApprovalConsole start() {
    if (server != null) {
      throw new IllegalStateException("the approval console is already started");
    }
    try {
      server = HttpServer.create(bindAddress, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the approval console on " + bindAddress, e);
    }
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "agent-guard-console");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", new ConsoleHandler(inbox, auth, redactor, decidedBy, origin(), refreshInterval));
    server.start();
    if (announce != null) {
      announce.println("agent-guard approval console: open " + newLoginLink()
          + " (one-time link; scripts send the token from ApprovalConsole.token())");
    }
    return this;
  }

  /**
   * The address the console listens on, e.g. {@code http://127.0.0.1:8787}.
   *
   * @return the base URL of the console
   * @throws IllegalStateException if the console is not started
   */
  public synchronized URI address() {
    if (server == null) {
      throw new IllegalStateException("the approval console is not started");
    }
    return URI.create(origin());
  }

  private String origin() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * A new one-time link that signs a browser in (valid for the login code lifetime, default 10 minutes).
   *
   * @return a login URL holding a new one-time code
   */
  public URI newLoginLink() {
    return URI.create(address() + "/login?code=" + auth.newLoginCode());
  }

  /**
   * The API token, for scripts: {@code Authorization: Bearer <token>}. Keep it secret.
   *
   * @return the bearer token
   */
  public String token() {
    return auth.token();
  }

  /** Stops the server; pages open in browsers stop updating. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  @Override
  public String toString() {
    return "ApprovalConsole{" + bindAddress + "}";
  }

  /** Builds an {@link ApprovalConsole}. Not thread-safe. */
  public static final class Builder {
    private final ApprovalInbox inbox;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private PrintStream announce = System.err;
    private Redactor redactor = Redactor.defaults();
    private String decidedBy = "web-console";
    private Duration refreshInterval = Duration.ofSeconds(1);
    private Duration sessionLifetime = Duration.ofHours(12);
    private Duration loginCodeLifetime = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();

    private Builder(ApprovalInbox inbox) {
      this.inbox = Objects.requireNonNull(inbox, "inbox must not be null");
    }

    /**
     * The port to listen on (default 0: any free port; see {@link ApprovalConsole#address()}).
     *
     * @param port the TCP port, 0 to 65535 (0: any free port)
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The interface to listen on (default loopback). Anything else exposes the console to the network in
     * plain HTTP: put it behind a TLS proxy.
     *
     * @param address the local address to bind; not {@code null}
     * @return this builder
     */
    public Builder bindAddress(InetAddress address) {
      this.address = Objects.requireNonNull(address, "address must not be null");
      return this;
    }

    /**
     * Where {@link #start()} prints the login link; {@code null} prints nothing (default standard error).
     *
     * @param out the stream for the login link, or {@code null}
     * @return this builder
     */
    public Builder announceTo(PrintStream out) {
      this.announce = out;
      return this;
    }

    /**
     * Masks secrets in what the page shows (default {@link Redactor#defaults()}).
     *
     * @param redactor the redactor; not {@code null}
     * @return this builder
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
      return this;
    }

    /**
     * The name answers are recorded under (default {@code web-console}).
     *
     * @param decidedBy who answers are recorded as coming from; not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code decidedBy} is blank
     */
    public Builder decidedBy(String decidedBy) {
      Objects.requireNonNull(decidedBy, "decidedBy must not be null");
      if (decidedBy.isBlank()) {
        throw new IllegalArgumentException("decidedBy must not be blank");
      }
      this.decidedBy = decidedBy;
      return this;
    }

    /**
     * How often the page fetches the pending list (default 1 s).
     *
     * @param interval the refresh interval; at least 100 ms
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is under 100 ms
     */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval must not be null");
      if (interval.toMillis() < 100) {
        throw new IllegalArgumentException("refresh interval must be at least 100 ms: " + interval);
      }
      this.refreshInterval = interval;
      return this;
    }

    /**
     * How long a browser stays signed in (default 12 hours).
     *
     * @param lifetime the session lifetime; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code lifetime} is zero or negative
     */
    public Builder sessionLifetime(Duration lifetime) {
      this.sessionLifetime = positive(lifetime, "session lifetime");
      return this;
    }

    /**
     * How long a login link works before it is used (default 10 minutes).
     *
     * @param lifetime the link lifetime; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code lifetime} is zero or negative
     */
    public Builder loginLinkLifetime(Duration lifetime) {
      this.loginCodeLifetime = positive(lifetime, "login link lifetime");
      return this;
    }

    /**
     * The clock sessions and login links expire by (default the system clock).
     *
     * @param clock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    /**
     * Returns the console, not yet started.
     *
     * @return the console; call {@link ApprovalConsole#start()} to serve it
     */
    public ApprovalConsole build() {
      return new ApprovalConsole(this);
    }
  }
}
