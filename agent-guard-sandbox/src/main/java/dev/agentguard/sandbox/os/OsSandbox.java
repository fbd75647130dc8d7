package dev.agentguard.sandbox.os;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The operating system's sandbox for commands: bubblewrap ({@code bwrap}) on Linux, Seatbelt
 * ({@code sandbox-exec}) on macOS, none elsewhere. {@link #availability} says whether it can start here (it is
 * probed once, by really starting an empty sandbox); {@link #launch} prepares one confined start of a command.
 * Thread-safe; one instance serves many runs.
 *
 * <pre>{@code
 * OsSandbox sandbox = OsSandbox.detect();
 * SandboxSpec spec = SandboxSpec.of(policy, environment);
 * try (Launch launch = sandbox.launch(spec, List.of("make", "test"), workspace, proxy.address())) {
 *   Process p = new ProcessBuilder(launch.argv()).start();
 *   ...
 *   launch.terminate(p);
 * }
 * }</pre>
 */
public final class OsSandbox {

  /** Which mechanism confines commands. */
  public enum Kind {
    /** Linux namespaces through {@code bwrap}. */
    BUBBLEWRAP,
    /** macOS Seatbelt through {@code sandbox-exec}. */
    SEATBELT,
    /** No sandbox on this platform. */
    NONE
  }

  private static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin");

  private final Kind kind;
  private final Path executable;
  private final Path forwarder;
  private final Placeholders placeholders = new Placeholders();
  private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
  private volatile Availability probed;
  private Path shared;

  private OsSandbox(Kind kind, Path executable, Path forwarder) {
    this.kind = kind;
    this.executable = executable;
    this.forwarder = forwarder;
  }

  /**
   * The sandbox of this platform: {@code bwrap} on Linux, {@code sandbox-exec} on macOS, else none.
   *
   * @return the platform's sandbox, which may be unavailable (see {@link #availability})
   */
  public static OsSandbox detect() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return new OsSandbox(Kind.BUBBLEWRAP, find("bwrap"), find("socat"));
    }
    if (os.contains("mac")) {
      Path exec = Path.of("/usr/bin/sandbox-exec");
      return new OsSandbox(Kind.SEATBELT, Files.isExecutable(exec) ? exec : null, null);
    }
    return new OsSandbox(Kind.NONE, null, null);
  }

  /**
   * A bubblewrap sandbox using these executables.
   *
   * @param bwrap the {@code bwrap} executable
   * @param socat the forwarder inside the sandbox ({@code socat}), or {@code null} when none is installed (then
   *     a command that needs the network cannot be confined)
   * @return the sandbox
   */
  public static OsSandbox bubblewrap(Path bwrap, Path socat) {
    return new OsSandbox(Kind.BUBBLEWRAP, Objects.requireNonNull(bwrap, "bwrap must not be null"), socat);
  }

  private static Path find(String name) {
    for (String dir : BIN_DIRS) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The mechanism.
   *
   * @return bubblewrap, seatbelt or none
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether a command can be confined here; with {@code network}, also whether the forwarder to the egress
   * proxy can run inside. The first call starts an empty sandbox to find out (user namespaces may be disabled).
   *
   * @param network whether the command needs the network through the egress proxy
   * @return whether confinement is possible, and what was found or is missing
   */
  public Availability availability(boolean network) {
    Availability a = probed;
    if (a == null) {
      a = probe();
      probed = a;
    }
    if (a.available() && network && kind == Kind.BUBBLEWRAP && !forwarderVisible()) {
      return new Availability(false, "no network forwarder: install socat (under /usr/bin or /bin) so that the "
          + "sandbox can reach the egress proxy");
    }
    return a;
  }

  private boolean forwarderVisible() {
    if (forwarder == null) {
      return false;
    }
    for (String dir : BubblewrapArgs.SYSTEM) {
      if (forwarder.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  private Availability probe() {
    if (kind == Kind.NONE) {
      return new Availability(false, "no OS sandbox on " + System.getProperty("os.name"));
    }
    if (executable == null) {
      return new Availability(false, kind == Kind.BUBBLEWRAP
          ? "bubblewrap (bwrap) is not installed" : "sandbox-exec is not available");
    }
    List<String> argv = kind == Kind.BUBBLEWRAP
        ? List.of(executable.toString(), "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "/bin/sh", "-c", "exit 0")
        : List.of(executable.toString(), "-p", "(version 1)(allow default)", "/usr/bin/true");
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(4096);
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Availability(false, executable + " did not start an empty sandbox within 20 s");
      }
      if (p.exitValue() != 0) {
        String why = new String(out, StandardCharsets.UTF_8).strip();
        return new Availability(false, executable + " cannot start a sandbox here (user namespaces disabled?): "
            + (why.isEmpty() ? "exit " + p.exitValue() : why.lines().findFirst().orElse(why)));
      }
      return new Availability(true, kind == Kind.BUBBLEWRAP ? "bubblewrap" : "seatbelt");
    } catch (IOException e) {
      return new Availability(false, executable + " cannot be started: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Availability(false, "interrupted while probing " + executable);
    }
  }

  /**
   * Prepares a confined start of {@code command} in {@code dir} (a real path inside the workspace).
   *
   * @param proxy the egress proxy's address, or {@code null} for no network at all
   * @param spec the roots, deny globs and home to confine with
   * @param command the program and its arguments
   * @param dir the working directory
   * @return the launch to start
   * @throws IllegalStateException if the sandbox is not available (check {@link #availability} first)
   * @throws IOException if the run directory or the relay cannot be set up
   */
  public Launch launch(SandboxSpec spec, List<String> command, Path dir, InetSocketAddress proxy)
      throws IOException {
    Objects.requireNonNull(spec, "spec must not be null");
    Objects.requireNonNull(command, "command must not be null");
    Objects.requireNonNull(dir, "dir must not be null");
    Availability a = availability(proxy != null);
    if (!a.available()) {
      throw new IllegalStateException("the OS sandbox is not available: " + a.reason());
    }
    if (kind == Kind.SEATBELT) {
      MountPlan plan = MountPlan.of(spec);
      String profile = SeatbeltProfile.generate(plan, spec, proxy == null ? 0 : proxy.getPort());
      List<String> argv = new ArrayList<>(List.of(executable.toString(), "-p", profile));
      argv.addAll(Wrapper.argv(dir, null, null, command));
      Map<String, String> env = proxy == null ? Map.of() : proxyEnv("http://127.0.0.1:" + proxy.getPort());
      return new Launch(argv, env, "seatbelt", false, false, () -> { });
    }
    return bubblewrap(spec, command, dir, proxy);
  }

  private Launch bubblewrap(SandboxSpec spec, List<String> command, Path dir, InetSocketAddress proxy)
      throws IOException {
    Path runDir = sharedDirectory();
    List<AutoCloseable> undo = new ArrayList<>();
    try {
      MountPlan plan = MountPlan.of(spec);
      undo.add(placeholders.claim(plan.missingFiles(), plan.missingDirs()));
      Path socket = null;
      Map<String, String> env = Map.of();
      if (proxy != null) {
        socket = runDir.resolve("proxy-" + runs.incrementAndGet() + ".sock");
        Path bound = socket;
        undo.add(0, () -> Files.deleteIfExists(bound));
        undo.add(0, new ProxyRelay(socket, proxy));
        env = proxyEnv(Wrapper.proxyUrl());
      }
      List<String> inner = Wrapper.argv(dir, socket == null ? null : forwarder.toString(),
          socket == null ? null : BubblewrapArgs.SOCKET, command);
      List<String> argv = BubblewrapArgs.build(executable, plan, spec.home(), runDir.resolve("empty"),
          runDir.resolve("empty.d"), socket, inner);
      return new Launch(argv, env, "bubblewrap", true, false, () -> closeAll(undo));
    } catch (IOException | RuntimeException e) {
      closeAll(undo);
      throw e;
    }
  }

  /**
   * Prepares an unconfined start of {@code command} in {@code dir}: the same prologue (the working directory is
   * verified after the change into it) in a session and process group of its own, so that everything it starts
   * can be killed together.
   *
   * @param command the program and its arguments
   * @param dir the working directory
   * @param why why the command is not confined, for events and people
   * @return the launch to start
   */
  public static Launch unconfined(List<String> command, Path dir, String why) {
    List<String> argv = new ArrayList<>();
    Path setsid = find("setsid");
    if (setsid != null) {
      argv.add(setsid.toString());
    }
    argv.addAll(Wrapper.argv(dir, null, null, command));
    return new Launch(argv, Map.of(), "unconfined: " + why, false, setsid != null, () -> { });
  }

  static Map<String, String> proxyEnv(String url) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
      env.put(name, url);
      env.put(name.toLowerCase(Locale.ROOT), url);
    }
    env.put("NO_PROXY", "");
    env.put("no_proxy", "");
    return env;
  }

  private static void closeAll(List<AutoCloseable> undo) {
    for (AutoCloseable c : undo) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort; go on with the rest
      }
    }
  }

  /**
   * This sandbox's private directory (mode 700): an empty file and an empty directory (read-only, the sources of
   * masks and placeholders) and the relay sockets of the runs. Made once, removed when the JVM exits.
   */
  private synchronized Path sharedDirectory() throws IOException {
    if (shared != null && Files.isDirectory(shared.resolve("empty.d"))) {
      return shared;
    }
    Path dir = Files.createTempDirectory("agent-guard-sandbox",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path empty = Files.createFile(dir.resolve("empty"));
    Path emptyDir = Files.createDirectory(dir.resolve("empty.d"));
    try {
      dir.toFile().deleteOnExit();
      empty.toFile().deleteOnExit();
      emptyDir.toFile().deleteOnExit();
    } catch (IllegalStateException e) {
      throw new IOException("the JVM is shutting down", e);
    }
    empty.toFile().setReadOnly();
    emptyDir.toFile().setReadOnly();
    shared = dir;
    return dir;
  }

  @Override
  public String toString() {
    return "OsSandbox[" + kind + (executable == null ? "" : " " + executable) + "]";
  }
}
