package dev.agentguard.core.fs;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The policy's {@code filesystem} section. Paths and globs may hold {@code ${workspace}}, {@code ${home}},
 * {@code ${tmp}} and a leading {@code ~}; they are resolved against the guard's environment.
 *
 * <p>The constructor throws {@link IllegalArgumentException} for a malformed glob or root path, naming the
 * element and what is wrong.
 *
 * @param roots the directories tools may touch, each with its access; none means nothing is allowed
 * @param deny globs that are always denied, whatever the roots say
 * @param outsideRoots what a path outside every root gets: DENY (default) or ASK
 * @param protectedPaths globs added to the built-in write-protected set
 */
public record FileSystemRules(List<Root> roots, List<String> deny, Verdict outsideRoots, List<String> protectedPaths) {

  /** Environment used only to check that variables and globs are well formed. */
  private static final GuardEnvironment PLACEHOLDER =
      new GuardEnvironment(Path.of("/workspace"), Path.of("/home"), Path.of("/tmp"));

  /** No roots: every path is denied. */
  public static final FileSystemRules NONE = new FileSystemRules(List.of(), List.of(), Verdict.DENY, List.of());

  /**
   * Validates the components.
   *
   * @param roots the directories tools may touch, each with its access; none means nothing is allowed
   * @param deny globs that are always denied, whatever the roots say
   * @param outsideRoots what a path outside every root gets: DENY (default) or ASK
   * @param protectedPaths globs added to the built-in write-protected set
   */
  public FileSystemRules {
    roots = List.copyOf(Objects.requireNonNull(roots, "roots must not be null"));
    deny = List.copyOf(Objects.requireNonNull(deny, "deny must not be null"));
    Objects.requireNonNull(outsideRoots, "outsideRoots must not be null");
    if (outsideRoots == Verdict.ALLOW) {
      throw new IllegalArgumentException("outsideRoots must be deny or ask");
    }
    protectedPaths = List.copyOf(Objects.requireNonNull(protectedPaths, "protectedPaths must not be null"));
    for (int i = 0; i < deny.size(); i++) {
      validateGlob(deny.get(i), "deny[" + i + "]");
    }
    for (int i = 0; i < protectedPaths.size(); i++) {
      validateGlob(protectedPaths.get(i), "protectedPaths[" + i + "]");
    }
  }

  private static void validateGlob(String glob, String where) {
    if (glob == null) {
      throw new IllegalArgumentException(where + " must not be null");
    }
    try {
      PathGlob.compile(FileSystemCheck.expandGlobVariables(glob, PLACEHOLDER), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * A directory tools may touch.
   *
   * @param path the directory (absolute after variable expansion)
   * @param access read, or read and write
   */
  public record Root(String path, RootAccess access) {
    /**
     * Validates the components.
     *
     * @param path the directory (absolute after variable expansion)
     * @param access read, or read and write
     */
    public Root {
      Objects.requireNonNull(path, "path must not be null");
      Objects.requireNonNull(access, "access must not be null");
      if (path.isEmpty()) {
        throw new IllegalArgumentException("root path must not be empty");
      }
      String problem = FileSystemCheck.invalid(path);
      if (problem != null) {
        throw new IllegalArgumentException("invalid root path '" + FileSystemCheck.printable(path) + "': "
            + problem);
      }
      String expanded = PLACEHOLDER.expand(path);
      if (!expanded.startsWith("/") && !expanded.equals("~") && !expanded.startsWith("~/")) {
        throw new IllegalArgumentException("root path '" + path
            + "' must be absolute (start with '/', '~/' or a variable such as ${workspace})");
      }
    }
  }

  /** What a root grants. */
  public enum RootAccess {
    /** Read only ({@code read}). */
    READ,
    /** Read and write ({@code read-write}). */
    READ_WRITE;

    /**
     * The policy-file label.
     *
     * @return the policy-file label
     */
    public String label() {
      return this == READ ? "read" : "read-write";
    }

    /**
     * Parses {@code read} or {@code read-write}.
     *
     * @param label the label as written in a policy file
     * @return the matching access
     * @throws IllegalArgumentException for anything else
     */
    public static RootAccess fromLabel(String label) {
      if ("read".equals(label)) {
        return READ;
      }
      if ("read-write".equals(label)) {
        return READ_WRITE;
      }
      throw new IllegalArgumentException("unknown access '" + label + "': expected read or read-write");
    }
  }
}
