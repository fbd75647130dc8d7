package dev.agentguard.core.fs;

import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * The policy's {@code filesystem} section. Paths and globs may hold {@code ${workspace}}, {@code ${home}},
 * {@code ${tmp}} and a leading {@code ~}; they are resolved against the guard's environment.
 *
 * @param roots the directories tools may touch, each with its access; none means nothing is allowed
 * @param deny globs that are always denied, whatever the roots say
 * @param outsideRoots what a path outside every root gets: DENY (default) or ASK
 * @param protectedPaths globs added to the built-in write-protected set
 */
public record FileSystemRules(List<Root> roots, List<String> deny, Verdict outsideRoots, List<String> protectedPaths) {

  /** No roots: every path is denied. */
  public static final FileSystemRules NONE = new FileSystemRules(List.of(), List.of(), Verdict.DENY, List.of());

  /** Validates the components. */
  public FileSystemRules {
    roots = List.copyOf(Objects.requireNonNull(roots, "roots must not be null"));
    deny = List.copyOf(Objects.requireNonNull(deny, "deny must not be null"));
    Objects.requireNonNull(outsideRoots, "outsideRoots must not be null");
    if (outsideRoots == Verdict.ALLOW) {
      throw new IllegalArgumentException("outsideRoots must be deny or ask");
    }
    protectedPaths = List.copyOf(Objects.requireNonNull(protectedPaths, "protectedPaths must not be null"));
  }

  /**
   * A directory tools may touch.
   *
   * @param path the directory (absolute after variable expansion)
   * @param access read, or read and write
   */
  public record Root(String path, RootAccess access) {
    /** Validates the components. */
    public Root {
      Objects.requireNonNull(path, "path must not be null");
      Objects.requireNonNull(access, "access must not be null");
      if (path.isEmpty()) {
        throw new IllegalArgumentException("root path must not be empty");
      }
    }
  }

  /** What a root grants. */
  public enum RootAccess {
    /** Read only ({@code read}). */
    READ,
    /** Read and write ({@code read-write}). */
    READ_WRITE;

    /** The policy-file label. */
    public String label() {
      return this == READ ? "read" : "read-write";
    }

    /**
     * Parses {@code read} or {@code read-write}.
     *
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
