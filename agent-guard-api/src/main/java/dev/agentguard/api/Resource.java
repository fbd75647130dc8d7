package dev.agentguard.api;

import java.util.List;

/**
 * Something a tool call touches: a file, a network address or a command. Resources are what the guard's
 * checks judge; they come from a tool's {@link ToolDescriptor} or from code.
 */
public sealed interface Resource permits Resource.FileAccess, Resource.NetworkAccess, Resource.CommandExec {

  /**
   * The kind of this resource.
   *
   * @return the kind of this resource
   */
  ResourceKind kind();

  /**
   * A file or directory read or written. The path is as the call gave it: relative, with {@code ~}, {@code ..}
   * or symlinks; the filesystem check resolves it.
   *
   * @param path the path as requested
   * @param access read or write
   */
  record FileAccess(String path, Access access) implements Resource {
    /**
     * Validates the components.
     *
     * @param path the path as requested; not {@code null}
     * @param access read or write; not {@code null}
     */
    public FileAccess {
      Checks.notNull(path, "path");
      Checks.notNull(access, "access");
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.FILE;
    }
  }

  /**
   * An outbound network connection, given as the URL the call asked for.
   *
   * @param url the URL as requested
   */
  record NetworkAccess(String url) implements Resource {
    /**
     * Validates the components.
     *
     * @param url the URL as requested; not {@code null}
     */
    public NetworkAccess {
      Checks.notNull(url, "url");
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.URL;
    }
  }

  /**
   * A command run: either a shell command line, to be parsed as POSIX sh would, or an argv that runs without
   * a shell. Exactly one of the two is present.
   *
   * @param commandLine the shell command line, or {@code null} when {@code argv} is given
   * @param argv the program and its arguments, or {@code null} when {@code commandLine} is given
   */
  record CommandExec(String commandLine, List<String> argv) implements Resource {
    /**
     * Validates that exactly one of the two forms is present.
     *
     * @param commandLine the shell command line, or {@code null} when {@code argv} is given
     * @param argv the program and its arguments (copied), or {@code null} when {@code commandLine} is given
     * @throws IllegalArgumentException if both or neither are given
     */
    public CommandExec {
      if ((commandLine == null) == (argv == null)) {
        throw new IllegalArgumentException("exactly one of commandLine and argv must be given");
      }
      if (argv != null) {
        argv = Checks.copyOf(argv, "argv");
      }
    }

    /**
     * Returns a command given as a shell command line.
     *
     * @param commandLine the command line, parsed later as POSIX sh would; not {@code null}
     * @return a command given as a shell command line
     */
    public static CommandExec line(String commandLine) {
      return new CommandExec(Checks.notNull(commandLine, "commandLine"), null);
    }

    /**
     * Returns a command given as an argv, run without a shell.
     *
     * @param argv the program followed by its arguments; not {@code null}
     * @return a command given as an argv, run without a shell
     */
    public static CommandExec argv(List<String> argv) {
      return new CommandExec(null, Checks.notNull(argv, "argv"));
    }

    /**
     * Returns whether this command is a shell command line (rather than an argv).
     *
     * @return whether this command is a shell command line (rather than an argv)
     */
    public boolean isCommandLine() {
      return commandLine != null;
    }

    @Override
    public ResourceKind kind() {
      return ResourceKind.COMMAND;
    }
  }
}
