package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Durations;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.ResolvedTarget;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

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
  /** Header prefix removed from every upstream response. */
  private static final String OWN_PREFIX = "x-agent-guard-";
  /** The slowest request body accepted, after the body timeout's allowance: 16 KiB per second. */
  private static final long MIN_BODY_BYTES_PER_SECOND = 16 * 1024;

  private static final Pattern CONNECT_AUTHORITY =
      Pattern.compile("(\\[[0-9A-Fa-f:.%]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
      "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host");

  private final NetworkCheck check;
  private final Settings settings;
  private final ServerSocket server;
  private final ThreadPoolExecutor pool;
  private final Semaphore permits;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final String token;
  private volatile boolean closed;

  /** Limits and timeouts of a proxy. */
  private record Settings(int maxConnections, int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout,
      Duration connectTimeout, Duration bodyTimeout) {}

  private EgressProxy(NetworkCheck check, Settings settings) throws IOException {
    this.check = check;
    this.settings = settings;
    byte[] secret = new byte[16];
    new java.security.SecureRandom().nextBytes(secret);
    this.token = java.util.HexFormat.of().formatHex(secret);
    this.permits = new Semaphore(settings.maxConnections());
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(0, 2 * settings.maxConnections() + 2, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "agent-guard-proxy-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.acceptor = new Thread(this::acceptLoop, "agent-guard-proxy-accept");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
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
    return token;
  }

  /**
   * The address the proxy listens on (127.0.0.1, ephemeral port).
   *
   * @return the loopback address and the port the proxy accepts connections on
   */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /**
   * The proxy URL, such as {@code http://127.0.0.1:41234}.
   *
   * @return the URL to put in a client's proxy settings
   */
  public String proxyUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
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
    closed = true;
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    pool.shutdownNow();
    try {
      acceptor.join(2000);
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        pauseAfterAcceptFailure();
        continue;
      }
      if (!permits.tryAcquire()) {
        refuseBusy(client);
        continue;
      }
      open.add(client);
      try {
        pool.execute(() -> {
          try {
            handle(client);
          } finally {
            // The slot is free before the client sees the connection end, so a client that reconnects at once
            // is not refused as busy by a slot its own finished connection still held.
            open.remove(client);
            permits.release();
            closeQuietly(client);
          }
        });
      } catch (RuntimeException e) {
        open.remove(client);
        closeQuietly(client);
        permits.release();
      }
    }
  }

  /** Back off briefly when accepting fails (such as running out of file descriptors) instead of spinning. */
  private static void pauseAfterAcceptFailure() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void refuseBusy(Socket client) {
    try {
      client.setSoTimeout(1000);
      client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // the client is gone; nothing to tell it
    } finally {
      closeQuietly(client);
    }
  }

  /** A parsed request or response head. */
  private record Head(String startLine, List<String[]> headers) {
    String first(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    int count(String name) {
      int c = 0;
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          c++;
        }
      }
      return c;
    }
  }

  /** A malformed or unacceptable request: the status to answer. */
  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private void handle(Socket client) {
    Socket upstream = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      Head head;
      try {
        head = readHead(client, in, settings.maxHeaderBytes(), System.nanoTime() + settings.headerTimeout().toNanos());
      } catch (BadRequest e) {
        respond(out, e.status, null, e.getMessage());
        return;
      }
      if (head == null) {
        return;
      }
      String[] parts = head.startLine().split(" ", -1);
      if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()
          || !(parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0"))) {
        respond(out, 400, null, "malformed request line");
        return;
      }
      String method = parts[0];
      String target = parts[1];
      boolean connect = method.equals("CONNECT");
      String url;
      if (connect) {
        if (!CONNECT_AUTHORITY.matcher(target).matches()) {
          respond(out, 400, null, "CONNECT needs host:port");
          return;
        }
        url = "https://" + target + "/";
      } else {
        if (!target.regionMatches(true, 0, "http://", 0, 7)) {
          respond(out, 400, null, "only absolute http:// targets and CONNECT are proxied");
          return;
        }
        url = target;
      }
      long length = 0;
      if (!connect) {
        try {
          length = bodyLength(head);
        } catch (BadRequest e) {
          respond(out, e.status, null, e.getMessage());
          return;
        }
      }
      ResolvedTarget j = check.resolveTarget(url);
      Decision d = j.decision();
      if (!d.isAllow()) {
        respond(out, 403, d, d.reason());
        return;
      }
      if (j.addresses().isEmpty()) {
        respond(out, 403, Decision.deny(d.check(), NetworkCheck.RULE_RESOLUTION_FAILED, j.host()
            + " has no DNS answer the proxy could check and connect to"), "no checked address");
        return;
      }
      upstream = connect(j.addresses(), j.port());
      if (upstream == null) {
        respond(out, 502, null, "could not connect to " + j.hostForUrl() + ":" + j.port());
        return;
      }
      open.add(upstream);
      upstream.setSoTimeout((int) settings.idleTimeout().toMillis());
      client.setSoTimeout((int) settings.idleTimeout().toMillis());
      if (connect) {
        out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        tunnel(client, in, upstream);
      } else {
        forward(client, in, out, upstream, head, method, target, j, parts[2], length);
      }
    } catch (IOException | RuntimeException e) {
      // client or upstream went away, timed out, or sent something unusable: drop the connection
    } finally {
      if (upstream != null) {
        open.remove(upstream);
        closeQuietly(upstream);
      }
    }
  }

  private Socket connect(List<InetAddress> addresses, int port) {
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, port), (int) settings.connectTimeout().toMillis());
        return s;
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
    return null;
  }

  private void forward(Socket client, InputStream in, OutputStream out, Socket upstream, Head head, String method,
      String target, ResolvedTarget url, String version, long length) throws IOException {
    int authStart = target.indexOf("://") + 3;
    int pathStart = authStart;
    while (pathStart < target.length() && "/?#".indexOf(target.charAt(pathStart)) < 0) {
      pathStart++;
    }
    String path = target.substring(pathStart);
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    if (path.isEmpty() || path.charAt(0) == '?') {
      path = "/" + path;
    }
    Set<String> dropped = new java.util.HashSet<>(HOP_BY_HOP);
    String connection = head.first("Connection");
    if (connection != null) {
      for (String n : connection.split(",")) {
        dropped.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(path).append(' ').append(version).append("\r\n");
    sb.append("Host: ").append(url.hostForUrl()).append(url.defaultPort() ? "" : ":" + url.port())
        .append("\r\n");
    for (String[] h : head.headers()) {
      if (!dropped.contains(h[0].toLowerCase(Locale.ROOT))) {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
    }
    sb.append("Connection: close\r\n\r\n");
    OutputStream up = upstream.getOutputStream();
    up.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    copyBody(client, in, up, length);
    client.setSoTimeout((int) settings.idleTimeout().toMillis());
    up.flush();
    InputStream upIn = new BufferedInputStream(upstream.getInputStream());
    Head response;
    try {
      response = readHead(upstream, upIn, 65536, System.nanoTime() + settings.idleTimeout().toNanos());
    } catch (BadRequest e) {
      respond(out, 502, null, "malformed response from upstream");
      return;
    }
    if (response == null) {
      respond(out, 502, null, "upstream closed without a response");
      return;
    }
    StringBuilder rb = new StringBuilder(response.startLine()).append("\r\n");
    for (String[] h : response.headers()) {
      String n = h[0].toLowerCase(Locale.ROOT);
      if (!n.equals("connection") && !n.equals("keep-alive") && !n.equals("proxy-connection")
          && !n.startsWith(OWN_PREFIX)) {
        rb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
    }
    rb.append("Connection: close\r\n\r\n");
    out.write(rb.toString().getBytes(StandardCharsets.ISO_8859_1));
    upIn.transferTo(out);
    out.flush();
    client.shutdownOutput();
  }

  /** The request body's length from its framing; bad framing is refused before anything goes upstream. */
  private static long bodyLength(Head head) throws BadRequest {
    if (head.first("Transfer-Encoding") != null) {
      throw new BadRequest(411, "chunked request bodies are not proxied; send Content-Length");
    }
    if (head.count("Content-Length") > 1) {
      throw new BadRequest(400, "several Content-Length headers");
    }
    String cl = head.first("Content-Length");
    if (cl == null) {
      return 0;
    }
    if (!cl.matches("[0-9]{1,15}")) {
      throw new BadRequest(400, "malformed Content-Length");
    }
    return Long.parseLong(cl);
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

  private void tunnel(Socket client, InputStream clientIn, Socket upstream) throws IOException {
    Runnable upToClient = () -> {
      try {
        upstream.getInputStream().transferTo(client.getOutputStream());
      } catch (IOException e) {
        // either side closed or idled out
      } finally {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    };
    try {
      pool.execute(upToClient);
    } catch (RuntimeException e) {
      return;
    }
    try {
      clientIn.transferTo(upstream.getOutputStream());
      upstream.shutdownOutput();
    } catch (SocketTimeoutException e) {
      closeQuietly(upstream);
    }
  }

  /**
   * Reads a head (start line and header fields, CRLF line ends, up to {@code max} bytes, before
   * {@code deadlineNanos}). Returns {@code null} if the peer closed before sending anything.
   */
  private static Head readHead(Socket socket, InputStream in, int max, long deadlineNanos)
      throws IOException, BadRequest {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int prev = -1;
    int lineLength = 0;
    while (true) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new BadRequest(408, "request head not received in time");
      }
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        throw new BadRequest(408, "request head not received in time");
      }
      if (b < 0) {
        if (buf.size() == 0) {
          return null;
        }
        throw new BadRequest(400, "connection closed inside the request head");
      }
      if (buf.size() >= max) {
        throw new BadRequest(431, "request head larger than " + max + " bytes");
      }
      buf.write(b);
      if (b == '\n') {
        if (prev != '\r') {
          throw new BadRequest(400, "bare LF in the request head");
        }
        if (lineLength == 0) {
          break;
        }
        lineLength = 0;
      } else if (b != '\r') {
        if (prev == '\r') {
          throw new BadRequest(400, "bare CR in the request head");
        }
        lineLength++;
      } else if (prev == '\r') {
        throw new BadRequest(400, "bare CR in the request head");
      }
      prev = b;
    }
    String text = buf.toString(StandardCharsets.ISO_8859_1);
    String[] all = text.split("\r\n", -1);
    int count = 0;
    while (count < all.length && !all[count].isEmpty()) {
      count++;
    }
    if (count == 0) {
      throw new BadRequest(400, "empty request line");
    }
    String[] lines = java.util.Arrays.copyOf(all, count);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
        throw new BadRequest(400, "malformed header field");
      }
      String value = line.substring(colon + 1).trim();
      for (int k = 0; k < value.length(); k++) {
        char c = value.charAt(k);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new BadRequest(400, "control character in a header value");
        }
      }
      headers.add(new String[] {line.substring(0, colon), value});
    }
    if (headers.size() > 200) {
      throw new BadRequest(431, "too many header fields");
    }
    for (int k = 0; k < lines[0].length(); k++) {
      char c = lines[0].charAt(k);
      if (c < 0x21 && c != ' ' || c >= 0x7f) {
        throw new BadRequest(400, "control or non-ASCII character in the start line");
      }
    }
    return new Head(lines[0], headers);
  }

  private void respond(OutputStream out, int status, Decision refusal, String message) throws IOException {
    String body = (message == null ? "" : sanitize(message)) + "\n";
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(phrase(status))
        .append("\r\n");
    if (refusal != null) {
      sb.append(RULE_HEADER).append(": ").append(sanitize(refusal.rule())).append("\r\n");
      sb.append(REASON_HEADER).append(": ").append(sanitize(refusal.reason())).append("\r\n");
      sb.append(TOKEN_HEADER).append(": ").append(token).append("\r\n");
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
    for (int i = 0; i < s.length() && sb.length() < 1000; i++) {
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

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing; nothing more to do
    }
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
          new Settings(maxConnections, maxHeaderBytes, headerTimeout, idleTimeout, connectTimeout, bodyTimeout));
    }
  }
}
