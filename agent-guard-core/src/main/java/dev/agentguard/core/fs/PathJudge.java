package dev.agentguard.core.fs;

import static dev.agentguard.core.fs.PathInput.printable;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.check.GuardEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Judges one reading of one path: resolves it against the working directory, canonicalises it once, then
 * applies the deny globs (and session private globs), the protected set, the hard-link rule and the roots, in
 * that order. Immutable after construction and thread-safe; see {@link FileSystemCheck} for the rules.
 */
final class PathJudge {

  /** A deny-index label prefix that marks a session private glob rather than a deny glob. */
  static final String PRIVATE_MARK = "\0private:";

  /**
   * What an allowed path yields when the caller reads only refusals: no reason is built for it. Never handed
   * out of the package.
   */
  static final Decision QUIET_ALLOW = Decision.allow(CheckNames.FILESYSTEM, FileSystemCheck.RULE_ROOT, "allowed");

  private final FileSystemRules rules;
  private final GuardEnvironment env;
  private final PolicyIndexes indexes;

  PathJudge(FileSystemRules rules, GuardEnvironment env, PolicyIndexes indexes) {
    this.rules = rules;
    this.env = env;
    this.indexes = indexes;
  }

  /**
   * Judges {@code path} resolved against {@code base} (the working directory's real path, or the workspace).
   *
   * @param explainAllow whether an ALLOW needs its reason ({@link #QUIET_ALLOW} otherwise)
   */
  ResolvedPath judgeOne(String path, Access access, Path base, boolean explainAllow) {
    String problem = PathInput.invalid(path);
    if (problem != null) {
      return deny(FileSystemCheck.RULE_INVALID_PATH, "invalid path '" + printable(path) + "': " + problem);
    }
    Path absolute;
    try {
      Path p = Path.of(PathInput.expandHome(path, env));
      absolute = p.isAbsolute() ? p : base.resolve(p);
    } catch (IllegalArgumentException e) {
      return deny(FileSystemCheck.RULE_INVALID_PATH, "invalid path '" + printable(path) + "': " + e.getMessage());
    }
    Path lexical = PathCanonicalizer.hasDotSegment(absolute.toString()) ? absolute.normalize() : absolute;
    PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(absolute);
    if (!c.ok()) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM,
          c.loop() ? FileSystemCheck.RULE_SYMLINK_LOOP : FileSystemCheck.RULE_INVALID_PATH,
          "cannot resolve '" + printable(path) + "': " + c.error()), lexical, null);
    }
    Path real = c.real();
    List<String> realNames = PathNames.segments(real);
    List<String> realFolded = PathNames.folded(realNames);
    List<String> lexicalFolded = lexical.equals(real) ? realFolded : PathNames.folded(lexical);
    String glob = firstMatch(indexes.deny(), lexicalFolded, realFolded);
    if (glob != null && glob.startsWith(PRIVATE_MARK)) {
      ResolvedPath j = judgeAllowed(access, lexical, real, realNames, lexicalFolded, realFolded, explainAllow);
      return new ResolvedPath(j.decision(), j.lexical(), j.real(), true);
    }
    if (glob != null) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, FileSystemCheck.RULE_DENY_GLOB,
          shown(lexical, real) + " matches deny glob '" + glob + "'"), lexical, real);
    }
    return judgeAllowed(access, lexical, real, realNames, lexicalFolded, realFolded, explainAllow);
  }

  /** Judges a path no deny glob matches: the protected set, hard links, then the roots. */
  private ResolvedPath judgeAllowed(Access access, Path lexical, Path real, List<String> realNames,
      List<String> lexicalFolded, List<String> realFolded, boolean explainAllow) {
    if (access == Access.WRITE) {
      String guarded = firstMatch(indexes.protect(), lexicalFolded, realFolded);
      if (guarded != null) {
        return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, FileSystemCheck.RULE_PROTECTED, "writing "
            + shown(lexical, real) + " is refused: it matches protected path '" + guarded + "'"), lexical, real);
      }
      if (linkCount(real) > 1) {
        return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, FileSystemCheck.RULE_HARD_LINK, "writing "
            + shown(lexical, real) + " is refused: the file has other hard links, so the write would change a"
            + " file elsewhere that no path here names"), lexical, real);
      }
    }
    RootIndex.Match m = indexes.roots().lookup(realNames);
    String root = access == Access.READ ? m.readRoot() : m.writeRoot();
    if (root != null) {
      return new ResolvedPath(explainAllow ? Decision.allow(CheckNames.FILESYSTEM, FileSystemCheck.RULE_ROOT,
          allowReason(lexical, real, access == Access.READ ? " is inside root " : " is inside read-write root ",
              root)) : QUIET_ALLOW, lexical, real);
    }
    if (access == Access.WRITE && m.readRoot() != null) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, FileSystemCheck.RULE_READ_ONLY_ROOT, "writing "
          + shown(lexical, real) + " is refused: root " + m.readRoot() + " is read-only"), lexical, real);
    }
    String why = indexes.roots().isEmpty()
        ? shown(lexical, real) + " is not allowed: the policy grants no filesystem roots"
        : shown(lexical, real) + " is outside every root allowing " + (access == Access.READ ? "read" : "write");
    return new ResolvedPath(new Decision(rules.outsideRoots(), CheckNames.FILESYSTEM,
        FileSystemCheck.RULE_OUTSIDE_ROOTS, why), lexical, real);
  }

  /** How a reason names a path: the real path, or the requested path and where it really is. */
  private static String shown(Path lexical, Path real) {
    return lexical.equals(real) ? "'" + real + "'" : "'" + lexical + "' (real path " + real + ")";
  }

  /** An ALLOW's reason, built in one concatenation (the allow path builds nothing else). */
  private static String allowReason(Path lexical, Path real, String inside, String root) {
    return lexical.equals(real) ? "'" + real + "'" + inside + root
        : "'" + lexical + "' (real path " + real + ")" + inside + root;
  }

  /** The hard-link count of an existing regular file; 1 when it does not exist or the count is unknown. */
  private static int linkCount(Path real) {
    try {
      // real has every link followed, so this stat (which does not throw for a missing file) sees no link
      if (!Files.isRegularFile(real)) {
        return 1;
      }
      Object n = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return n instanceof Integer ? (Integer) n : 1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return 1;
    }
  }

  /**
   * The first glob matching the lexical or the real path. A session private glob found on one path does not hide
   * a deny glob matching the other.
   */
  static String firstMatch(GlobIndex index, List<String> lexical, List<String> real) {
    String a = index.firstMatch(lexical);
    if (a != null && !a.startsWith(PRIVATE_MARK) || real == lexical) {
      return a;
    }
    String b = index.firstMatch(real);
    return b != null && (a == null || !b.startsWith(PRIVATE_MARK)) ? b : a;
  }

  static ResolvedPath deny(String rule, String reason) {
    return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, rule, reason), null, null);
  }
}
