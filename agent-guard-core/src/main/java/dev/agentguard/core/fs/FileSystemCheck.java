package dev.agentguard.core.fs;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The filesystem allowlist. A file access is allowed only when the path's real location lies under a root
 * granting that access, no deny glob matches it, and (for writes) it is not in the protected set.
 *
 * <ul>
 *   <li>Relative paths resolve against the call's working directory (default: the workspace), which must
 *       itself lie inside the workspace; {@code ~} and {@code ~/} mean the home directory.
 *   <li>Symbolic links are followed as the operating system would, before {@code ..} is folded, including a
 *       dangling final link (a write through it creates its target); loops and unreadable links are denied.
 *   <li>Roots are compared by whole path segments against the real path, never by string prefix; a path's
 *       access is the union of the roots containing it; with no roots nothing is allowed.
 *   <li>Deny globs and the protected set match both the requested (lexical, absolute) and the real path,
 *       ignoring case.
 *   <li>Empty paths, NUL and other control characters and {@code file:} URLs are invalid. A path holding
 *       {@code %XX} escapes, backslashes or characters that Unicode compatibility normalisation changes is
 *       judged under each of those readings too, and the strictest verdict wins.
 * </ul>
 *
 * <p>{@link #evaluate} also denies any call whose context names a working directory outside the workspace,
 * whether or not it touches files. Matching costs grow with the number of path segments, not the number of rules.
 * Immutable and thread-safe. Rule ids are the {@code RULE_*} constants.
 */
public final class FileSystemCheck implements GuardCheck {

  /** Allowed: inside a root granting the access. */
  public static final String RULE_ROOT = "filesystem.root";
  /** Denied: matches a deny glob. */
  public static final String RULE_DENY_GLOB = "filesystem.deny-glob";
  /** Denied: a write to the protected set. */
  public static final String RULE_PROTECTED = "filesystem.protected";
  /** Denied or asked: outside every root granting the access. */
  public static final String RULE_OUTSIDE_ROOTS = "filesystem.outside-roots";
  /** Denied: a write inside a root granting only read. */
  public static final String RULE_READ_ONLY_ROOT = "filesystem.read-only-root";
  /** Denied: empty, control characters, {@code file:} URL, unresolvable. */
  public static final String RULE_INVALID_PATH = "filesystem.invalid-path";
  /** Denied: a write to a file with more than one hard link (it may be a protected file under another name). */
  public static final String RULE_HARD_LINK = "filesystem.hard-link";
  /** Denied: too many symbolic links (a loop). */
  public static final String RULE_SYMLINK_LOOP = "filesystem.symlink-loop";
  /** Denied: the call's working directory is outside the workspace. */
  public static final String RULE_CWD_OUTSIDE_WORKSPACE = "filesystem.cwd-outside-workspace";

  /** The built-in write-protected globs, matched at any depth; a policy can add to them, never remove. */
  public static final List<String> BUILT_IN_PROTECTED = List.of(
      ".git/hooks/**", ".git/config", ".agent-guard/**", ".bashrc", ".zshrc", ".profile", ".bash_profile",
      ".ssh/**",
      // the same files one step removed: a submodule's hooks and config, a worktree's config, and the other shell
      // start-up files (each runs code on a later git command or login)
      ".git/modules/**/hooks/**", ".git/modules/**/config", ".git/config.worktree", ".git/worktrees/*/config.worktree",
      ".bash_login", ".zshenv", ".zprofile", ".zlogin",
      // agent and IDE configuration: each turns a file write into code execution or a disabled confirmation
      // (tasks and settings that run commands, MCP server lists, hooks, auto-approve switches)
      ".vscode/**", ".idea/**", ".mcp.json", ".cursor/**", ".claude/**", ".gemini/**", ".codex/**",
      ".gitmodules", ".gitconfig", ".ripgreprc");

  /** The longest path accepted, in characters (the usual {@code PATH_MAX}). */
  public static final int MAX_PATH_LENGTH = 4096;


  private final FileSystemRules rules;
  private final GuardEnvironment env;
  private final PolicyIndexes indexes;
  private final StrictestReading readings;

  /**
   * Creates the check for {@code rules}, resolving variables and {@code ~} against {@code env}. Roots are
   * canonicalised (their real path where they exist), so a workspace under a symlinked directory still works.
   *
   * @param rules the policy's filesystem section
   * @param env the workspace, home and temporary directories
   * @throws IllegalArgumentException when a root or glob cannot be used
   */
  public FileSystemCheck(FileSystemRules rules, GuardEnvironment env) {
    this(rules, env, List.of());
  }

  /**
   * As {@link #FileSystemCheck(FileSystemRules, GuardEnvironment)}, and also notes, for a session, which accessed
   * paths match {@code privateGlobs} (matched like deny globs, in the same lookup).
   *
   * @param rules the policy's filesystem section
   * @param env the workspace, home and temporary directories
   * @param privateGlobs the session's private globs (empty when no session is kept)
   * @throws IllegalArgumentException when a root or glob cannot be used
   */
  public FileSystemCheck(FileSystemRules rules, GuardEnvironment env, List<String> privateGlobs) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.env = Objects.requireNonNull(env, "env must not be null");
    this.indexes = new PolicyIndexes(rules, env, privateGlobs);
    this.readings = new StrictestReading(new PathJudge(rules, env, indexes), env, indexes);
  }

  @Override
  public String name() {
    return CheckNames.FILESYSTEM;
  }

  /**
   * The rules this check enforces.
   *
   * @return the rules this check enforces
   */
  public FileSystemRules rules() {
    return rules;
  }

  /**
   * The environment paths resolve against.
   *
   * @return the environment paths resolve against
   */
  public GuardEnvironment environment() {
    return env;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    return judgeAll(request, null);
  }

  /**
   * Judges one access to {@code path}, resolved against {@code workingDirectory} (the workspace when
   * {@code null}); a working directory outside the workspace is a DENY. Never throws for bad input other than
   * {@code null}: it is a DENY with a reason.
   *
   * @param path the path as the call gave it
   * @param access read or write
   * @param workingDirectory the call's working directory, or {@code null} for the workspace
   * @return the decision, naming the rule that decided
   */
  public Decision check(String path, Access access, String workingDirectory) {
    return judge(path, access, workingDirectory).decision();
  }

  /**
   * As {@link #check}, for a caller that acts only on refusals: empty when {@link #check} would allow, else its
   * decision. Builds no reason for an allowed path.
   *
   * @param path the path as the call gave it
   * @param access read or write
   * @param workingDirectory the call's working directory, or {@code null} for the workspace
   * @return the DENY or ASK {@link #check} would return, or empty when it would allow
   */
  public Optional<Decision> refusal(String path, Access access, String workingDirectory) {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(access, "access must not be null");
    Decision d = readings.judge(path, access, workingDirectory, false).decision();
    return d.isAllow() ? Optional.empty() : Optional.of(d);
  }

  /**
   * What the check found about one file resource, for session labels.
   *
   * @param resource the file access judged
   * @param verdict the check's verdict on it
   * @param sessionPrivate whether the path matches a session private glob
   * @param insideWorkspace whether the path's real location lies inside the workspace
   */
  public record ResolvedFile(
      Resource.FileAccess resource, Verdict verdict, boolean sessionPrivate, boolean insideWorkspace) {}

  /**
   * As {@link #evaluate(CheckRequest)}, and adds to {@code resolved} what was found about each file resource
   * (a resource whose path could not be resolved is reported outside the workspace, never private).
   *
   * @param request the call to judge
   * @param resolved receives one entry per file resource, in order
   * @return one decision per file resource
   */
  public List<Decision> evaluate(CheckRequest request, List<ResolvedFile> resolved) {
    return judgeAll(request, Objects.requireNonNull(resolved, "resolved must not be null"));
  }

  private List<Decision> judgeAll(CheckRequest request, List<ResolvedFile> resolved) {
    Objects.requireNonNull(request, "request must not be null");
    String cwd = request.call().context().workingDirectory().orElse(null);
    if (cwd != null) {
      // The boundary holds for every call that names a working directory, with file resources or without.
      Optional<Decision> refusal = checkWorkingDirectory(cwd);
      if (refusal.isPresent()) {
        return List.of(refusal.get());
      }
    }
    List<Decision> out = new ArrayList<>();
    for (Resource r : request.resources()) {
      if (r instanceof Resource.FileAccess) {
        Resource.FileAccess f = (Resource.FileAccess) r;
        ResolvedPath j = judge(f.path(), f.access(), cwd);
        out.add(j.decision());
        if (resolved != null) {
          boolean inside = f.access() == Access.READ || j.real() != null && indexes.insideWorkspace(j.real());
          resolved.add(new ResolvedFile(f, j.decision().verdict(), j.sessionPrivate(), inside));
        }
      }
    }
    return out;
  }

  /**
   * Judges one access like {@link #check} and returns the resolved paths with the decision, for code that then
   * performs the I/O on {@link ResolvedPath#real()}.
   *
   * @param path the path as the call gave it
   * @param access read or write
   * @param workingDirectory the call's working directory, or {@code null} for the workspace
   * @return the decision with the lexical and real paths it judged
   */
  public ResolvedPath resolvePath(String path, Access access, String workingDirectory) {
    return judge(path, access, workingDirectory);
  }

  ResolvedPath judge(String path, Access access, String workingDirectory) {
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(access, "access must not be null");
    return readings.judge(path, access, workingDirectory, true);
  }

  /**
   * Judges the working directory a call names, under every reading (see {@link #check}): a DENY when it is
   * invalid or outside the workspace, else empty.
   *
   * @param workingDirectory the call's working directory, or {@code null} for the workspace
   * @return a DENY when the working directory is refused, else empty
   */
  public Optional<Decision> checkWorkingDirectory(String workingDirectory) {
    Objects.requireNonNull(workingDirectory, "workingDirectory must not be null");
    return readings.checkWorkingDirectory(workingDirectory);
  }

  /**
   * The deny glob that matches {@code real}, an absolute path whose every component is known to be no symbolic
   * link (such as one found by walking a directory without following links), or {@code null}. Matching only:
   * nothing is resolved on disk.
   *
   * @param real an absolute path without symbolic links
   * @return the matching deny glob as written in the policy, or {@code null}
   */
  public String denyGlobMatching(Path real) {
    return indexes.deny().firstMatch(PathNames.folded(Objects.requireNonNull(real, "real must not be null")));
  }

  /**
   * The protected-set glob that matches {@code real} (as for {@link #denyGlobMatching}), or {@code null}.
   *
   * @param real an absolute path without symbolic links
   * @return the matching protected glob, or {@code null}
   */
  public String protectedGlobMatching(Path real) {
    return indexes.protect().firstMatch(PathNames.folded(Objects.requireNonNull(real, "real must not be null")));
  }

  /** Why {@code path} is not acceptable input, or null; see {@link PathInput#invalid}. */
  static String invalid(String path) {
    return PathInput.invalid(path);
  }

  /** The other readings of {@code path} judged too; see {@link PathReadings#of}. */
  static List<String> readings(String path) {
    return PathReadings.of(path);
  }

  static String expandGlobVariables(String glob, GuardEnvironment env) {
    return EnvironmentGlobs.expandGlobVariables(glob, env);
  }

  static String printable(String s) {
    return PathInput.printable(s);
  }
}
