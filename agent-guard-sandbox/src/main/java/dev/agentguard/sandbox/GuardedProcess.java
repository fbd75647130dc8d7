package dev.agentguard.sandbox;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Durations;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.policy.SandboxMode;
import dev.agentguard.sandbox.os.Availability;
import dev.agentguard.sandbox.os.Launch;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxCheck;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command for a tool, the safe way: an argv run directly (a shell only through {@link #runShell}, and only
 * when the command policy allows the script), in a working directory inside the workspace, with an environment
 * built from an allowlist (secrets such as {@code *_TOKEN}, {@code *_KEY}, {@code *_SECRET}, {@code AWS_*} and
 * {@code *PASSWORD*} never leak by default), stdin closed, stdout and stderr captured up to a cap, and a timeout
 * that kills the whole process tree. Processes the command started in the background are killed when it ends.
 *
 * <p>With {@link Builder#sandbox}, every command runs in the OS sandbox built from the policy (bubblewrap on
 * Linux, Seatbelt on macOS): only the policy's roots are visible and writable, the protected set stays
 * read-only, there is no network but the egress proxy given with {@link Builder#egress}, and the PID namespace
 * takes everything the command started down with it. When the sandbox cannot start, {@code sandbox.mode:
 * required} refuses the run (rule {@code sandbox.unavailable}) and {@code preferred} runs it unconfined; the
 * result's {@link ProcessResult#confinement()} says which. Without a sandbox, the command runs in a process group
 * of its own that is killed as a whole. Either way the working directory is entered with {@code cd -P} and
 * verified before the command starts, so a directory swapped for a symbolic link after the check is refused.
 *
 * <p>While an approved call's tool runs, a runner starts only the command that was approved: what the command
 * check binds for the argv or script about to run (its parsed words, each program resolved on this runner's
 * {@code PATH} to a real file and its identity, the files it touches, the working directory's real path) must be
 * what it bound when the person approved; anything else is refused with rule {@code approval.target-changed}.
 * A program named by a path ({@code ./tool}) is then started as the real file that was approved (its absolute
 * real path becomes {@code argv[0]}), so a symbolic link swapped after the check cannot redirect it; a bare name
 * is looked up on {@code PATH} again by the launcher, and a program file replaced in place in the last instant
 * before it starts is not detected (there is no portable {@code fexecve}).
 *
 * <p>Immutable and thread-safe; build one per tool and reuse it.
 *
 * <pre>{@code
 * GuardedProcess runner = GuardedProcess.builder(workspace)
 *     .commandCheck(guard.commandCheck())
 *     .timeout(Duration.ofSeconds(30))
 *     .proxy("http://127.0.0.1:3128")
 *     .build();
 * ProcessResult r = runner.run(List.of("git", "status"), workspace);
 * }</pre>
 */
public final class GuardedProcess {

  /** Environment variables passed through by default; {@code LC_*} are passed too. */
  public static final Set<String> DEFAULT_ENV = Set.of(
      "PATH", "HOME", "LANG", "LANGUAGE", "TERM", "TZ", "USER", "LOGNAME", "SHELL", "TMPDIR");

  private static final String PROCESS_RULE_WORKDIR = "command.working-directory";

  private final Path workspace;
  private final CommandCheck check;
  private final boolean acceptAsk;
  private final Duration timeout;
  private final int maxOutputBytes;
  private final ChildEnvironment environment;
  private final String shell;
  private final SandboxSpec sandboxSpec;
  private final OsSandbox sandbox;
  private final EgressProxy egress;
  private final boolean inheritIo;

  private GuardedProcess(Builder b) {
    this.workspace = b.workspace;
    this.check = b.check;
    this.acceptAsk = b.acceptAsk;
    this.timeout = b.timeout;
    this.maxOutputBytes = b.maxOutputBytes;
    this.environment = new ChildEnvironment(b.passEnv, b.setEnv, b.baseEnv);
    this.shell = b.shell;
    this.sandboxSpec = b.sandboxSpec;
    this.sandbox = b.sandbox;
    this.egress = b.egress;
    this.inheritIo = b.inheritIo;
  }

  /**
   * Returns a builder for runners confined to {@code workspace}.
   *
   * @param workspace the directory every run's working directory must lie in; resolved to its real path
   * @return a builder with the defaults
   * @throws IllegalArgumentException if {@code workspace} cannot be resolved
   */
  public static Builder builder(Path workspace) {
    return new Builder(workspace);
  }

  /**
   * Runs {@code argv} without a shell in {@code workingDirectory}. When a command check is configured, the argv
   * must pass it first (ALLOW, or ASK when {@link Builder#acceptAsk} is set).
   *
   * @param argv the program and its arguments; not empty
   * @param workingDirectory the directory to run in; must lie inside the workspace
   * @return the exit code, the captured output and how the command was confined
   * @throws ToolCallDeniedException if the policy or the working-directory confinement refuses the run
   * @throws IOException if the process cannot be started
   * @throws InterruptedException if interrupted while waiting (the process tree is killed first)
   */
  public ProcessResult run(List<String> argv, Path workingDirectory) throws IOException, InterruptedException {
    Objects.requireNonNull(argv, "argv must not be null");
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    List<String> command = List.copyOf(argv);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    Path dir = confine(workingDirectory);
    if (check != null) {
      enforce(check.check(Resource.CommandExec.argv(command), dir.toString()));
    }
    // An approved call may run only the command that was approved: the same words, the same program file (as
    // this runner's PATH finds it), the same file effects, in the same directory.
    java.util.Optional<ApprovedTargets> approved = ApprovedTargets.current();
    if (approved.isPresent()) {
      approved.get().checkCommand(command, dir, searchPath()).ifPresent(this::enforce);
      // A program named by a path runs as the very file that was approved, whatever a link does next; if it
      // no longer binds (a link moved since the check above), nothing runs.
      if (command.get(0).indexOf('/') >= 0) {
        Path program = approved.get().boundProgram(command, dir, searchPath()).orElseThrow(() ->
            new ToolCallDeniedException("process", Decision.deny(CheckNames.APPROVAL, ApprovedTargets.RULE,
                "the program '" + command.get(0) + "' no longer resolves to the approved file")));
        List<String> bound = new ArrayList<>(command);
        bound.set(0, program.toString());
        return execute(List.copyOf(bound), dir);
      }
    }
    return execute(command, dir);
  }

  /**
   * Runs {@code script} with {@code /bin/sh -c} in {@code workingDirectory}, only when the configured command
   * check allows the script (ALLOW, or ASK when {@link Builder#acceptAsk} is set).
   *
   * @param script the shell script, as the policy judges it
   * @param workingDirectory the directory to run in; must lie inside the workspace
   * @return the exit code, the captured output and how the command was confined
   * @throws IllegalStateException if the runner has no command check
   * @throws ToolCallDeniedException if the policy or the working-directory confinement refuses the run
   * @throws IOException if the process cannot be started
   * @throws InterruptedException if interrupted while waiting (the process tree is killed first)
   */
  public ProcessResult runShell(String script, Path workingDirectory) throws IOException, InterruptedException {
    Objects.requireNonNull(script, "script must not be null");
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    if (check == null) {
      throw new IllegalStateException("runShell needs a command check: set one with Builder.commandCheck");
    }
    Path dir = confine(workingDirectory);
    enforce(check.check(Resource.CommandExec.line(script), dir.toString()));
    ApprovedTargets.current().flatMap(t -> t.checkCommandLine(script, dir, searchPath())).ifPresent(this::enforce);
    return execute(List.of(shell, "-c", script), dir);
  }

  /** The {@code PATH} a run gets, which the approved program is looked up on. */
  private String searchPath() {
    return environment().get("PATH");
  }

  /**
   * The environment a run gets, built from the allowlist.
   *
   * @return the allowed variables of the parent environment plus those set on the builder
   */
  public Map<String, String> environment() {
    return environment.build();
  }

  private void enforce(Decision d) {
    if (d.isAllow() || d.isAsk() && acceptAsk) {
      return;
    }
    throw new ToolCallDeniedException("process", d.isAsk()
        ? new Decision(Verdict.DENY, d.check(), d.rule(), "needs approval: " + d.reason())
        : d);
  }

  private Path confine(Path workingDirectory) {
    try {
      Path real = workingDirectory.toAbsolutePath().toRealPath();
      if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        throw refused(workingDirectory + " is not a directory");
      }
      if (!real.startsWith(workspace)) {
        throw refused(workingDirectory + " is outside the workspace " + workspace);
      }
      return real;
    } catch (IOException e) {
      throw refused(workingDirectory + " cannot be resolved: " + e.getMessage());
    }
  }

  private static ToolCallDeniedException refused(String reason) {
    return new ToolCallDeniedException("process",
        Decision.deny(CheckNames.COMMAND, PROCESS_RULE_WORKDIR, "working directory " + reason));
  }

  private ProcessResult execute(List<String> command, Path dir) throws IOException, InterruptedException {
    try (Launch launch = launch(command, dir)) {
      ProcessBuilder pb = new ProcessBuilder(launch.argv());
      Map<String, String> env = pb.environment();
      env.clear();
      env.putAll(environment());
      env.putAll(launch.environment());
      env.put("PWD", dir.toString());
      if (inheritIo) {
        pb.inheritIO();
      }
      long start = System.nanoTime();
      Process process = pb.start();
      OutputCapture out = null;
      OutputCapture err = null;
      if (!inheritIo) {
        process.getOutputStream().close();
        out = new OutputCapture(process.getInputStream(), maxOutputBytes, "stdout");
        err = new OutputCapture(process.getErrorStream(), maxOutputBytes, "stderr");
      }
      boolean timedOut;
      try {
        timedOut = !process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        launch.terminate(process);
        throw e;
      }
      launch.terminate(process);
      if (out != null) {
        out.join(Duration.ofSeconds(2));
        err.join(Duration.ofSeconds(2));
      }
      int exit = process.isAlive() ? -1 : process.exitValue();
      String stderr = err == null ? "" : err.text();
      if (Launch.refusedByPrologue(exit, stderr)) {
        throw refusedAtStart(stderr);
      }
      return new ProcessResult(exit, out == null ? "" : out.text(), stderr, out != null && out.truncated(),
          err != null && err.truncated(), timedOut, Duration.ofNanos(System.nanoTime() - start),
          launch.confinement());
    }
  }

  /** Prepares the start: in the sandbox, or unconfined when there is none or the policy lets it be. */
  private Launch launch(List<String> command, Path dir) throws IOException {
    if (sandboxSpec == null) {
      return OsSandbox.unconfined(command, dir, "no sandbox configured");
    }
    SandboxMode mode = sandboxSpec.mode();
    if (mode == SandboxMode.OFF) {
      return OsSandbox.unconfined(command, dir, "sandbox.mode is off");
    }
    Availability a = sandbox.availability(egress != null);
    if (!a.available()) {
      if (mode == SandboxMode.REQUIRED) {
        throw new ToolCallDeniedException("process", new SandboxCheck(mode, sandbox, egress != null).decide());
      }
      return OsSandbox.unconfined(command, dir, "sandbox.mode preferred and " + a.reason());
    }
    return sandbox.launch(sandboxSpec, command, dir, egress == null ? null : egress.address());
  }

  private static ToolCallDeniedException refusedAtStart(String stderr) {
    String line = stderr.lines().findFirst().orElse(stderr);
    boolean workdir = line.contains("working directory");
    return new ToolCallDeniedException("process", workdir
        ? Decision.deny(CheckNames.COMMAND, PROCESS_RULE_WORKDIR, line)
        : Decision.deny(SandboxCheck.NAME, SandboxCheck.RULE_UNAVAILABLE, line));
  }

  /** Builds a {@link GuardedProcess}. Not thread-safe. */
  public static final class Builder {
    private final Path workspace;
    private CommandCheck check;
    private boolean acceptAsk;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxOutputBytes = 1 << 20;
    private final Set<String> passEnv = new LinkedHashSet<>();
    private final Map<String, String> setEnv = new LinkedHashMap<>();
    private Map<String, String> baseEnv;
    private String shell = "/bin/sh";
    private SandboxSpec sandboxSpec;
    private OsSandbox sandbox;
    private EgressProxy egress;
    private boolean inheritIo;

    private Builder(Path workspace) {
      Objects.requireNonNull(workspace, "workspace must not be null");
      try {
        this.workspace = workspace.toAbsolutePath().toRealPath();
      } catch (IOException e) {
        throw new IllegalArgumentException("workspace " + workspace + " cannot be resolved: " + e.getMessage(), e);
      }
    }

    /**
     * Checks every command against {@code check} before running it (required for {@link #runShell}).
     *
     * @param check the command check; not {@code null}
     * @return this builder
     */
    public Builder commandCheck(CommandCheck check) {
      this.check = Objects.requireNonNull(check, "check must not be null");
      return this;
    }

    /**
     * Also runs commands the policy marks ASK. Set this only when the guard's approval gate has already asked
     * a human for the call that runs the command.
     *
     * @param acceptAsk whether ASK verdicts may run
     * @return this builder
     */
    public Builder acceptAsk(boolean acceptAsk) {
      this.acceptAsk = acceptAsk;
      return this;
    }

    /**
     * Kills the process tree after {@code timeout} (default 60 s).
     *
     * @param timeout the longest a run may take; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Durations.positive(timeout, "timeout");
      return this;
    }

    /**
     * Keeps at most {@code max} bytes of stdout and of stderr each (default 1 MiB).
     *
     * @param max the bytes kept per stream; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxOutputBytes(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxOutputBytes must not be negative");
      }
      this.maxOutputBytes = max;
      return this;
    }

    /**
     * Passes these variables through from the parent environment as well, even if they look secret.
     *
     * @param names the variable names; not empty, without {@code =} or NUL
     * @return this builder
     * @throws IllegalArgumentException if a name is invalid
     */
    public Builder passEnv(String... names) {
      for (String name : Objects.requireNonNull(names, "names must not be null")) {
        passEnv.add(validName(name));
      }
      return this;
    }

    /**
     * Sets a variable for every run.
     *
     * @param name the variable's name; not empty, without {@code =} or NUL
     * @param value its value; without NUL
     * @return this builder
     * @throws IllegalArgumentException if the name or the value is invalid
     */
    public Builder env(String name, String value) {
      Objects.requireNonNull(value, "value must not be null");
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("environment value must not contain NUL");
      }
      setEnv.put(validName(name), value);
      return this;
    }

    /**
     * Uses {@code env} instead of {@link System#getenv()} as the parent environment (for tests and hosts).
     *
     * @param env the parent environment, copied
     * @return this builder
     */
    public Builder baseEnvironment(Map<String, String> env) {
      this.baseEnv = Map.copyOf(Objects.requireNonNull(env, "env must not be null"));
      return this;
    }

    /**
     * Points the child's HTTP clients at an egress proxy: sets {@code HTTP_PROXY}, {@code HTTPS_PROXY},
     * {@code ALL_PROXY} and their lower-case forms to {@code url} ({@code http://host:port}).
     *
     * @param url an {@code http} or {@code https} URL with a host and without user info
     * @return this builder
     * @throws IllegalArgumentException if {@code url} is not such a URL
     */
    public Builder proxy(String url) {
      Objects.requireNonNull(url, "url must not be null");
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("proxy url is not a URL: " + url, e);
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null || uri.getRawUserInfo() != null || url.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("proxy url must be http(s)://host:port: " + url);
      }
      for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")) {
        setEnv.put(name, url);
        setEnv.put(name.toLowerCase(Locale.ROOT), url);
      }
      return this;
    }

    /**
     * Runs every command in the OS sandbox {@code spec} describes ({@code SandboxSpec.of(policy, environment)}),
     * as its {@code sandbox.mode} says.
     *
     * @param spec the roots, deny globs and mode to confine commands with
     * @return this builder
     */
    public Builder sandbox(SandboxSpec spec) {
      return sandbox(spec, OsSandbox.detect());
    }

    /**
     * Runs every command in {@code sandbox}, confined as {@code spec} describes.
     *
     * @param spec the roots, deny globs and mode to confine commands with; not {@code null}
     * @param sandbox the mechanism to confine with; not {@code null}
     * @return this builder
     */
    public Builder sandbox(SandboxSpec spec, OsSandbox sandbox) {
      this.sandboxSpec = Objects.requireNonNull(spec, "spec must not be null");
      this.sandbox = Objects.requireNonNull(sandbox, "sandbox must not be null");
      return this;
    }

    /**
     * Gives sandboxed commands the network through {@code proxy} (the only way out of the sandbox; without it a
     * sandboxed command has no network at all). Unconfined commands get the proxy variables too.
     *
     * @param proxy the running egress proxy; not {@code null}
     * @return this builder
     */
    public Builder egress(EgressProxy proxy) {
      this.egress = Objects.requireNonNull(proxy, "proxy must not be null");
      proxy(proxy.proxyUrl());
      return this;
    }

    /**
     * Passes this process's stdin, stdout and stderr to the command instead of capturing its output (for a
     * command-line front end); the result's output fields are then empty.
     *
     * @param inherit whether to inherit the standard streams
     * @return this builder
     */
    public Builder inheritIo(boolean inherit) {
      this.inheritIo = inherit;
      return this;
    }

    /**
     * The shell {@link #runShell} uses (default {@code /bin/sh}).
     *
     * @param path the shell executable; not {@code null}
     * @return this builder
     */
    public Builder shell(String path) {
      this.shell = Objects.requireNonNull(path, "path must not be null");
      return this;
    }

    /**
     * Returns the runner.
     *
     * @return a runner with this builder's settings; the builder can go on being used
     */
    public GuardedProcess build() {
      return new GuardedProcess(this);
    }

    private static String validName(String name) {
      Objects.requireNonNull(name, "name must not be null");
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid environment variable name: " + name);
      }
      return name;
    }
  }
}
