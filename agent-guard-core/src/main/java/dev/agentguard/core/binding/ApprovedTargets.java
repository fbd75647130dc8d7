package dev.agentguard.core.binding;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.exec.CommandCheck;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person approved, resolved: the real paths (and file identities, where the platform gives one), the
 * hosts with the addresses they resolved to, and the commands as the command check judged them (parsed words,
 * programs resolved to real files, file effects and the working directory: {@link CommandCheck#bind}), of one
 * approved call. While that call's tool
 * runs, guarded I/O on the same thread consults {@link #current()} and refuses any other target (rule
 * {@value #RULE}), so a symbolic link swapped in after the approval cannot redirect an approved write.
 *
 * <p>A call that needed no approval has no approved targets: guarded I/O then applies the policy alone.
 * Immutable; the binding is visible only on the thread that runs the tool.
 */
public final class ApprovedTargets {

  /** The rule id of a refusal to act on a target other than the approved one. */
  public static final String RULE = "approval.target-changed";

  private static final ThreadLocal<ApprovedTargets> CURRENT = new ThreadLocal<>();

  /** One approved file: its real path and, when it existed at approval time, its file identity. */
  record FileTarget(Path real, Object fileKey) {}

  /** One approved network target: the canonical host, the port and the addresses the check saw. */
  record NetTarget(String host, int port, List<InetAddress> addresses) {}

  private final List<FileTarget> files;
  private final List<NetTarget> hosts;
  private final List<CommandCheck.Binding> commands;
  private final CommandCheck commandCheck;

  ApprovedTargets(List<FileTarget> files, List<NetTarget> hosts, List<CommandCheck.Binding> commands,
      CommandCheck commandCheck) {
    this.files = List.copyOf(files);
    this.hosts = List.copyOf(hosts);
    this.commands = List.copyOf(commands);
    this.commandCheck = commandCheck;
  }

  /**
   * The approved targets of the call whose tool runs on this thread, if that call was approved.
   *
   * @return the targets bound to this thread, or empty
   */
  public static Optional<ApprovedTargets> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Runs {@code tool} on {@code call} with {@code targets} visible to guarded I/O on this thread. Used by the
   * guard's enforcement step; a binding can only narrow what guarded I/O does, never widen it.
   *
   * @param targets what the approval covers
   * @param tool the tool to run
   * @param call the approved call
   * @return what the tool returned
   * @throws Exception what the tool threw
   */
  public static ToolResult runBound(ApprovedTargets targets, ToolExecutor tool, ToolCall call) throws Exception {
    Objects.requireNonNull(targets, "targets must not be null");
    ApprovedTargets previous = CURRENT.get();
    CURRENT.set(targets);
    try {
      return tool.execute(call);
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /**
   * The refusal of an action on the file at {@code real} with identity {@code fileKey} ({@code null} when the
   * platform gives none), or empty when it is an approved file: the same real path and, when the approved file
   * existed, the same file.
   *
   * @param real the file's real path
   * @param fileKey the file's identity, or {@code null}
   * @return a DENY when the file is not approved, else empty
   */
  public Optional<Decision> checkFile(Path real, Object fileKey) {
    Objects.requireNonNull(real, "real must not be null");
    for (FileTarget f : files) {
      if (f.real().equals(real)) {
        if (f.fileKey() != null && fileKey != null && !f.fileKey().equals(fileKey)) {
          return Optional.of(refuse("the file at " + real + " is not the file that was approved (it was replaced)"));
        }
        return Optional.empty();
      }
    }
    return Optional.of(refuse("the approval covers " + describeFiles() + ", not " + real));
  }

  /**
   * The refusal of a connection to {@code host}:{@code port} reaching {@code addresses}, or empty when
   * approved: the same host and port, and no address the approval did not see.
   *
   * @param host the host name as connected to
   * @param port the port
   * @param addresses the addresses the connection would reach
   * @return a DENY when the connection is not approved, else empty
   */
  public Optional<Decision> checkHost(String host, int port, List<InetAddress> addresses) {
    Objects.requireNonNull(host, "host must not be null");
    Objects.requireNonNull(addresses, "addresses must not be null");
    for (NetTarget n : hosts) {
      if (n.host().equals(host) && n.port() == port
          && (n.addresses().isEmpty() || n.addresses().containsAll(addresses))) {
        return Optional.empty();
      }
    }
    return Optional.of(refuse("the approval does not cover " + host + ":" + port + " at " + addresses));
  }

  /**
   * The refusal of running {@code argv} without a shell in {@code workingDirectory}, or empty when it binds
   * exactly what an approved command bound: the same words, the same program files (looked up on
   * {@code searchPath}), the same file effects and the same working directory, resolved now.
   *
   * @param argv the argv about to run
   * @param workingDirectory the real directory it runs in
   * @param searchPath the {@code PATH} the program is looked up on
   * @return the refusal (rule {@value #RULE}), or empty when approved
   */
  public Optional<Decision> checkCommand(List<String> argv, Path workingDirectory, String searchPath) {
    return checkBinding(Resource.CommandExec.argv(argv), workingDirectory, searchPath);
  }

  /**
   * The refusal of running the shell script {@code line} in {@code workingDirectory}, or empty when it binds
   * exactly what an approved command bound (see {@link #checkCommand}).
   *
   * @param line the script about to run with {@code sh -c}
   * @param workingDirectory the real directory it runs in
   * @param searchPath the {@code PATH} its programs are looked up on
   * @return the refusal (rule {@value #RULE}), or empty when approved
   */
  public Optional<Decision> checkCommandLine(String line, Path workingDirectory, String searchPath) {
    return checkBinding(Resource.CommandExec.line(line), workingDirectory, searchPath);
  }

  /**
   * For an approved argv whose program is named by a path ({@code ./tool}, {@code bin/tool}), the real path of
   * the file the approval bound, which the caller then executes instead of the path as written: a symbolic link
   * swapped after this check cannot redirect the run. Empty for a bare name (found on the search path), or when
   * the argv does not bind an approved command now.
   *
   * @param argv the argv about to run
   * @param workingDirectory the real directory it runs in
   * @param searchPath the {@code PATH} the program is looked up on
   * @return the approved program's real path, or empty
   */
  public Optional<Path> boundProgram(List<String> argv, Path workingDirectory, String searchPath) {
    Objects.requireNonNull(argv, "argv must not be null");
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    if (argv.isEmpty() || argv.get(0).indexOf('/') < 0 || commandCheck == null) {
      return Optional.empty();
    }
    CommandCheck.Binding now = commandCheck.bind(Resource.CommandExec.argv(argv), workingDirectory.toString(),
        searchPath);
    if (!commands.contains(now)) {
      return Optional.empty();
    }
    String word = argv.get(0);
    String prefix = "program " + word.length() + ":" + word + " -> ";
    for (String line : now.lines()) {
      if (line.startsWith(prefix)) {
        String rest = line.substring(prefix.length());
        int key = rest.lastIndexOf(' ');
        return key > 0 && rest.startsWith("/") ? Optional.of(Path.of(rest.substring(0, key))) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private Optional<Decision> checkBinding(Resource.CommandExec command, Path workingDirectory, String searchPath) {
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    if (commands.isEmpty() || commandCheck == null) {
      return Optional.of(refuse("the approval covers no command"));
    }
    CommandCheck.Binding now = commandCheck.bind(command, workingDirectory.toString(), searchPath);
    if (commands.contains(now)) {
      return Optional.empty();
    }
    return Optional.of(refuse("the approval covers another command than this one: "
        + difference(commands.get(0), now)));
  }

  /** Which kind of fact differs first (never the facts themselves, which may hold secrets). */
  private static String difference(CommandCheck.Binding approved, CommandCheck.Binding now) {
    List<String> a = approved.lines();
    List<String> b = now.lines();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "";
      String y = i < b.size() ? b.get(i) : "";
      if (!x.equals(y)) {
        String kind = (x.isEmpty() ? y : x).split(" ", 2)[0];
        switch (kind) {
          case "cwd":
            return "it runs in another working directory";
          case "program":
            return "a program resolves to another file (or was replaced)";
          case "file":
            return "a file it touches resolves elsewhere";
          case "refused":
            return "the command check refuses it";
          default:
            return "its words, separators or redirections differ";
        }
      }
    }
    return "a file or directory it touches was replaced";
  }

  /**
   * Returns a builder; the guard's enforcement step builds one from what the checks resolved.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ApprovedTargets}. Not thread-safe. */
  public static final class Builder {
    private final List<FileTarget> files = new java.util.ArrayList<>();
    private final List<NetTarget> hosts = new java.util.ArrayList<>();
    private final List<CommandCheck.Binding> commands = new java.util.ArrayList<>();
    private CommandCheck commandCheck;

    private Builder() {}

    /**
     * Approves the file at {@code real}, with identity {@code fileKey} ({@code null} when unknown or absent).
     *
     * @param real the file's real path; not {@code null}
     * @param fileKey the file's identity, or {@code null}
     * @return this builder
     */
    public Builder file(Path real, Object fileKey) {
      files.add(new FileTarget(Objects.requireNonNull(real, "real must not be null"), fileKey));
      return this;
    }

    /**
     * Approves {@code host}:{@code port} at {@code addresses} (empty: any address the check would accept).
     *
     * @param host the host name; not {@code null}
     * @param port the port
     * @param addresses the addresses seen by the check; copied
     * @return this builder
     */
    public Builder host(String host, int port, List<InetAddress> addresses) {
      hosts.add(new NetTarget(Objects.requireNonNull(host, "host must not be null"), port, List.copyOf(addresses)));
      return this;
    }

    /**
     * Approves the command that bound {@code binding} under {@code check}, which guarded I/O uses to bind what
     * it is about to run.
     *
     * @param check the guard's command check
     * @param binding what {@code check} bound for the approved command
     * @return this builder
     */
    public Builder command(CommandCheck check, CommandCheck.Binding binding) {
      this.commandCheck = Objects.requireNonNull(check, "check must not be null");
      commands.add(Objects.requireNonNull(binding, "binding must not be null"));
      return this;
    }

    /**
     * Returns the targets.
     *
     * @return the targets
     */
    public ApprovedTargets build() {
      return new ApprovedTargets(files, hosts, commands, commandCheck);
    }
  }

  private String describeFiles() {
    return files.isEmpty() ? "no file" : files.stream().map(f -> f.real().toString()).toList().toString();
  }

  private static Decision refuse(String reason) {
    return Decision.deny(CheckNames.APPROVAL, RULE, reason);
  }

  @Override
  public String toString() {
    return "ApprovedTargets{files=" + files.size() + ", hosts=" + hosts.size() + ", commands=" + commands.size()
        + "}";
  }
}
