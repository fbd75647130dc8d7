package dev.agentguard.core.approval;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person approved, resolved: the real paths (and file identities, where the platform gives one), the
 * hosts with the addresses they resolved to, and the commands, of one approved call. While that call's tool
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
  private final List<String> commands;

  ApprovedTargets(List<FileTarget> files, List<NetTarget> hosts, List<String> commands) {
    this.files = List.copyOf(files);
    this.hosts = List.copyOf(hosts);
    this.commands = List.copyOf(commands);
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
   * The refusal of running {@code argv}, or empty when it is an approved command.
   *
   * @param argv the program and its arguments
   * @return a DENY when the command is not approved, else empty
   */
  public Optional<Decision> checkCommand(List<String> argv) {
    return checkCommandKey(commandKey(Resource.CommandExec.argv(argv)));
  }

  /**
   * The refusal of running the shell script {@code line}, or empty when it is an approved command.
   *
   * @param line the shell script
   * @return a DENY when the command is not approved, else empty
   */
  public Optional<Decision> checkCommandLine(String line) {
    return checkCommandKey(commandKey(Resource.CommandExec.line(line)));
  }

  private Optional<Decision> checkCommandKey(String key) {
    return commands.contains(key) ? Optional.empty()
        : Optional.of(refuse("the approval does not cover this command"));
  }

  /**
   * The canonical text of a command: {@code line:} and the line, or {@code argv:} and the words NUL-joined.
   *
   * @param command the command
   * @return its canonical text
   */
  public static String commandKey(Resource.CommandExec command) {
    Objects.requireNonNull(command, "command must not be null");
    return command.isCommandLine() ? "line:" + command.commandLine()
        : "argv:" + String.join("\0", command.argv());
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
    private final List<String> commands = new java.util.ArrayList<>();

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
     * Approves {@code command}.
     *
     * @param command the approved command
     * @return this builder
     */
    public Builder command(Resource.CommandExec command) {
      commands.add(commandKey(command));
      return this;
    }

    /**
     * Returns the targets.
     *
     * @return the targets, immutable
     */
    public ApprovedTargets build() {
      return new ApprovedTargets(files, hosts, commands);
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
