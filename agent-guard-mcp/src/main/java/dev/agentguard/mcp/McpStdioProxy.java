package dev.agentguard.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A gateway between any MCP client and any stdio MCP server: it speaks newline-delimited JSON-RPC on both sides,
 * forwards every message unchanged, and judges every {@code tools/call} with an {@link McpToolGuard} before the
 * server sees it. A refused call never reaches the server: the client receives a tool result with
 * {@code isError: true} and the reason as text, and the session goes on.
 *
 * <p>The proxy watches {@code tools/list} results to pin the server's tools; before a call to a tool it has not
 * seen listed, it asks the server for its tool list itself (that exchange is not shown to the client). Messages
 * it cannot read strictly (not JSON, duplicate keys, too long) are not forwarded: the client receives a JSON-RPC
 * error, since the server might read them differently than the guard did. A batch that holds a
 * {@code tools/call} is refused the same way.
 *
 * <p>{@link #run} returns when the client closes its side (once the requests it sent are answered, the server's
 * stdin is closed and the server is given a grace period to exit) or when the server exits.
 */
public final class McpStdioProxy {

  private final McpToolGuard guard;
  private final List<String> command;
  private final Path workingDirectory;
  private final ServerLauncher launcher;
  private final PrintStream log;
  private final int maxMessageBytes;
  private final Duration listTimeout;
  private final Duration exitGrace;
  private final Duration drainTimeout;

  private McpStdioProxy(Builder b) {
    this.guard = b.guard;
    this.command = b.command;
    this.workingDirectory = b.workingDirectory;
    this.launcher = b.launcher;
    this.log = b.log;
    this.maxMessageBytes = b.maxMessageBytes;
    this.listTimeout = b.listTimeout;
    this.exitGrace = b.exitGrace;
    this.drainTimeout = b.drainTimeout;
  }

  /**
   * Returns a new builder.
   *
   * @return a builder without a guard or command; both are required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server and relays between it and the client on {@code clientIn}/{@code clientOut} until one side
   * ends. Returns the server's exit code, or 1 when it had to be stopped.
   *
   * @param clientIn the client's messages to the server (the proxy's stdin)
   * @param clientOut where the proxy writes the server's messages to the client (the proxy's stdout)
   * @return the server's exit code, or 1 when the proxy had to stop it
   * @throws IOException when the server cannot be started
   */
  public int run(InputStream clientIn, OutputStream clientOut) throws IOException {
    Objects.requireNonNull(clientIn, "clientIn must not be null");
    Objects.requireNonNull(clientOut, "clientOut must not be null");
    Process server = launcher.start(command, workingDirectory);
    ProxySession session = new ProxySession(guard, server, clientOut, log, maxMessageBytes, listTimeout);
    return session.relay(clientIn, exitGrace, drainTimeout);
  }

  @Override
  public String toString() {
    return "McpStdioProxy{" + command + ", " + guard + "}";
  }

  /** Builds an {@link McpStdioProxy}. Not thread-safe. */
  public static final class Builder {
    private McpToolGuard guard;
    private List<String> command;
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private ServerLauncher launcher = ServerLauncher.direct();
    private PrintStream log = System.err;
    private int maxMessageBytes = 64 * 1024 * 1024;
    private Duration listTimeout = Duration.ofSeconds(30);
    private Duration exitGrace = Duration.ofSeconds(5);
    private Duration drainTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * The guard that judges the server's tools (required).
     *
     * @param guard the guard; not {@code null}
     * @return this builder
     */
    public Builder guard(McpToolGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard must not be null");
      return this;
    }

    /**
     * The server's command and arguments (required).
     *
     * @param command the program and its arguments; not empty
     * @return this builder
     * @throws IllegalArgumentException if the command is empty or its program is blank
     */
    public Builder command(List<String> command) {
      Objects.requireNonNull(command, "command must not be null");
      if (command.isEmpty() || command.get(0).isBlank()) {
        throw new IllegalArgumentException("the server command must not be empty");
      }
      this.command = List.copyOf(command);
      return this;
    }

    /**
     * The server's working directory (default: the current directory).
     *
     * @param workingDirectory the directory to start the server in; not {@code null}
     * @return this builder
     */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
      return this;
    }

    /**
     * How the server is started (default: {@link ServerLauncher#direct()}).
     *
     * @param launcher the launcher; not {@code null}
     * @return this builder
     */
    public Builder launcher(ServerLauncher launcher) {
      this.launcher = Objects.requireNonNull(launcher, "launcher must not be null");
      return this;
    }

    /**
     * Where the proxy writes its own diagnostics (default: {@code System.err}; never the client's stream).
     *
     * @param log the diagnostics stream; not {@code null}
     * @return this builder
     */
    public Builder log(PrintStream log) {
      this.log = Objects.requireNonNull(log, "log must not be null");
      return this;
    }

    /**
     * The longest message accepted from either side, in bytes (default 64 MiB).
     *
     * @param bytes the longest message in bytes; at least 1024
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is under 1024
     */
    public Builder maxMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + bytes);
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /**
     * How long the proxy waits for the server's answer to its own {@code tools/list} (default 30 s).
     *
     * @param timeout the wait; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder listTimeout(Duration timeout) {
      this.listTimeout = positive(timeout, "listTimeout");
      return this;
    }

    /**
     * How long the server may take to exit after the client closed its side (default 5 s).
     *
     * @param grace the wait; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is zero or negative
     */
    public Builder exitGrace(Duration grace) {
      this.exitGrace = positive(grace, "exitGrace");
      return this;
    }

    /**
     * How long requests the client sent before closing its side may take to be judged and answered before the
     * server's stdin is closed (default 60 s).
     *
     * @param timeout the wait; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = positive(timeout, "drainTimeout");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    /**
     * Builds the proxy.
     *
     * @return the proxy, not yet running
     * @throws IllegalStateException if the guard or the command is missing
     */
    public McpStdioProxy build() {
      if (guard == null || command == null) {
        throw new IllegalStateException("a guard and a server command are required");
      }
      return new McpStdioProxy(this);
    }
  }
}
