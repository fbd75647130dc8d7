package dev.agentguard.core.fs;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.glob.GlobSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * whether or not it touches files. Matching costs grow with the number of path segments, not the number of rules. Immutable and
 * thread-safe. Rule ids are the {@code RULE_*} constants.
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
  private final Path workspace;
  private final List<String> workspaceSegments;
  private final RootIndex roots = new RootIndex();
  private final GlobIndex deny = new GlobIndex();
  private final GlobIndex protect = new GlobIndex();

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
    this.workspace = realOrSelf(env.workspace());
    this.workspaceSegments = segments(workspace);
    List<Path> lexicalRoots = new ArrayList<>();
    for (FileSystemRules.Root r : rules.roots()) {
      Path lexical = Path.of(expandHome(env.expand(r.path())));
      if (!lexical.isAbsolute()) {
        throw new IllegalArgumentException("root '" + r.path() + "' is not absolute after expansion: " + lexical);
      }
      lexicalRoots.add(lexical.normalize());
    }
    List<Path> writable = RootLinks.writableLocations(rules.roots(), lexicalRoots, env.workspace());
    for (int i = 0; i < rules.roots().size(); i++) {
      FileSystemRules.Root r = rules.roots().get(i);
      Path lexical = lexicalRoots.get(i);
      if (RootLinks.plantedLink(lexical, writable).isPresent()) {
        // A link inside a writable root could have been written by a guarded tool: the root grants nothing.
        continue;
      }
      PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(lexical);
      if (c.ok()) {
        roots.add(segments(c.real()), r.access(), r.path().equals(c.real().toString())
            ? r.path() : r.path() + " (" + c.real() + ")");
      }
      // A root that cannot be resolved (a loop) grants nothing: fail closed.
    }
    Map<Path, PathCanonicalizer.Result> prefixes = new HashMap<>();
    for (String g : rules.deny()) {
      deny.add(g, compileForEnvironment(g, prefixes));
    }
    // Private globs share the deny globs' index, after them: one lookup answers both, and a deny glob still wins.
    for (String g : privateGlobs) {
      deny.add(PRIVATE_MARK + g, compileForEnvironment(g, prefixes));
    }
    for (String g : BUILT_IN_PROTECTED) {
      protect.add(g, compileForEnvironment(g, prefixes));
    }
    for (String g : rules.protectedPaths()) {
      protect.add(g, compileForEnvironment(g, prefixes));
    }
    deny.build();
    protect.build();
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
    Objects.requireNonNull(request, "request must not be null");
    List<Decision> out = new ArrayList<>();
    String cwd = request.call().context().workingDirectory().orElse(null);
    if (cwd != null) {
      // The boundary holds for every call that names a working directory, with file resources or without.
      Optional<Decision> refusal = checkWorkingDirectory(cwd);
      if (refusal.isPresent()) {
        return List.of(refusal.get());
      }
    }
    for (Resource r : request.resources()) {
      if (r instanceof Resource.FileAccess) {
        Resource.FileAccess f = (Resource.FileAccess) r;
        out.add(check(f.path(), f.access(), cwd));
      }
    }
    return out;
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

  /** A deny-index label prefix that marks a session private glob rather than a deny glob. */
  private static final String PRIVATE_MARK = "\0private:";

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
    Objects.requireNonNull(request, "request must not be null");
    Objects.requireNonNull(resolved, "resolved must not be null");
    String cwd = request.call().context().workingDirectory().orElse(null);
    if (cwd != null) {
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
        boolean inside = f.access() == Access.READ || j.real() != null
            && startsWith(segments(j.real()), workspaceSegments);
        resolved.add(new ResolvedFile(f, j.decision().verdict(), j.sessionPrivate(), inside));
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
    ResolvedPath primary = judgeOne(path, access, workingDirectory);
    if (primary.decision().verdict() == Verdict.DENY) {
      return primary;
    }
    List<String> pathReadings = readings(path);
    List<String> cwdReadings = workingDirectory == null ? List.of() : readings(workingDirectory);
    if (pathReadings == null || cwdReadings == null) {
      return deny(RULE_INVALID_PATH, "path '" + printable(path)
          + "' has too many possible readings (percent-encoding, backslashes, Unicode forms) to judge");
    }
    if (pathReadings.isEmpty() && cwdReadings.isEmpty()) {
      return primary;
    }
    ResolvedPath strictest = primary;
    boolean anyPrivate = primary.sessionPrivate();
    List<String> paths = new ArrayList<>();
    paths.add(path);
    paths.addAll(pathReadings);
    List<String> cwds = new ArrayList<>();
    cwds.add(workingDirectory);
    cwds.addAll(cwdReadings);
    for (String cwd : cwds) {
      for (String reading : paths) {
        if (reading.equals(path) && Objects.equals(cwd, workingDirectory)) {
          continue;
        }
        ResolvedPath other = judgeOne(reading, access, cwd);
        anyPrivate |= other.sessionPrivate();
        if (other.decision().verdict().isStricterThan(strictest.decision().verdict())) {
          Decision d = other.decision();
          String as = reading.equals(path) ? "" : " '" + printable(path) + "' is read as '" + printable(reading) + "'";
          String in = Objects.equals(cwd, workingDirectory) ? ""
              : " the working directory is read as '" + printable(cwd) + "'";
          strictest = new ResolvedPath(new Decision(d.verdict(), d.check(), d.rule(),
              d.reason() + " (when" + as + (as.isEmpty() || in.isEmpty() ? "" : " and") + in + ")"),
              other.lexical(), other.real());
          if (d.verdict() == Verdict.DENY) {
            return strictest;
          }
        }
      }
    }
    return anyPrivate == strictest.sessionPrivate() ? strictest
        : new ResolvedPath(strictest.decision(), strictest.lexical(), strictest.real(), anyPrivate);
  }

  private ResolvedPath judgeOne(String path, Access access, String workingDirectory) {
    String problem = invalid(path);
    if (problem != null) {
      return deny(RULE_INVALID_PATH, "invalid path '" + printable(path) + "': " + problem);
    }
    Path base = workspace;
    if (workingDirectory != null) {
      WorkingDirectory wd = resolveWorkingDirectory(workingDirectory);
      if (wd.refusal() != null) {
        return new ResolvedPath(wd.refusal(), null, null);
      }
      base = wd.real();
    }
    Path absolute;
    try {
      Path p = Path.of(expandHome(path));
      absolute = p.isAbsolute() ? p : base.resolve(p);
    } catch (IllegalArgumentException e) {
      return deny(RULE_INVALID_PATH, "invalid path '" + printable(path) + "': " + e.getMessage());
    }
    Path lexical = absolute.normalize();
    PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(absolute);
    if (!c.ok()) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, c.loop() ? RULE_SYMLINK_LOOP : RULE_INVALID_PATH,
          "cannot resolve '" + printable(path) + "': " + c.error()), lexical, null);
    }
    Path real = c.real();
    String shown = lexical.equals(real) ? "'" + real + "'" : "'" + lexical + "' (real path " + real + ")";
    boolean same = lexical.equals(real);
    List<String> realNames = segments(real);
    List<String> realFolded = folded(realNames);
    List<String> lexicalFolded = same ? realFolded : folded(lexical);
    String glob = firstMatch(deny, lexicalFolded, realFolded);
    if (glob != null && glob.startsWith(PRIVATE_MARK)) {
      ResolvedPath j = judgeAllowed(access, shown, lexical, real, realNames, lexicalFolded, realFolded);
      return new ResolvedPath(j.decision(), j.lexical(), j.real(), true);
    }
    if (glob != null) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, RULE_DENY_GLOB,
          shown + " matches deny glob '" + glob + "'"), lexical, real);
    }
    return judgeAllowed(access, shown, lexical, real, realNames, lexicalFolded, realFolded);
  }

  /** Judges a path no deny glob matches: the protected set, hard links, then the roots. */
  private ResolvedPath judgeAllowed(Access access, String shown, Path lexical, Path real, List<String> realNames,
      List<String> lexicalFolded, List<String> realFolded) {
    if (access == Access.WRITE) {
      String guarded = firstMatch(protect, lexicalFolded, realFolded);
      if (guarded != null) {
        return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, RULE_PROTECTED,
            "writing " + shown + " is refused: it matches protected path '" + guarded + "'"), lexical, real);
      }
    }
    if (access == Access.WRITE && linkCount(real) > 1) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, RULE_HARD_LINK, "writing " + shown
          + " is refused: the file has other hard links, so the write would change a file elsewhere that no"
          + " path here names"), lexical, real);
    }
    RootIndex.Match m = roots.lookup(realNames);
    String mode = access == Access.READ ? "read" : "write";
    if (access == Access.READ && m.readRoot() != null) {
      return new ResolvedPath(Decision.allow(CheckNames.FILESYSTEM, RULE_ROOT,
          shown + " is inside root " + m.readRoot()), lexical, real);
    }
    if (access == Access.WRITE && m.writeRoot() != null) {
      return new ResolvedPath(Decision.allow(CheckNames.FILESYSTEM, RULE_ROOT,
          shown + " is inside read-write root " + m.writeRoot()), lexical, real);
    }
    if (access == Access.WRITE && m.readRoot() != null) {
      return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, RULE_READ_ONLY_ROOT,
          "writing " + shown + " is refused: root " + m.readRoot() + " is read-only"), lexical, real);
    }
    String why = roots.isEmpty() ? shown + " is not allowed: the policy grants no filesystem roots"
        : shown + " is outside every root allowing " + mode;
    return new ResolvedPath(new Decision(rules.outsideRoots(), CheckNames.FILESYSTEM, RULE_OUTSIDE_ROOTS, why),
        lexical, real);
  }

  /** The hard-link count of an existing regular file; 1 when it does not exist or the count is unknown. */
  private static int linkCount(Path real) {
    try {
      if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        return 1;
      }
      Object n = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return n instanceof Integer ? (Integer) n : 1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      return 1;
    }
  }

  /** A call's working directory: its real path, or the decision refusing it. */
  private record WorkingDirectory(Path real, Decision refusal) {}

  private WorkingDirectory resolveWorkingDirectory(String workingDirectory) {
    String cwdProblem = invalid(workingDirectory);
    if (cwdProblem != null) {
      return refuse(RULE_INVALID_PATH, "invalid working directory '" + printable(workingDirectory) + "': "
          + cwdProblem);
    }
    Path cwd;
    try {
      cwd = Path.of(expandHome(workingDirectory));
    } catch (IllegalArgumentException e) {
      return refuse(RULE_INVALID_PATH, "invalid working directory '" + printable(workingDirectory) + "': "
          + e.getMessage());
    }
    PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(cwd.isAbsolute() ? cwd : workspace.resolve(cwd));
    if (!c.ok()) {
      return refuse(c.loop() ? RULE_SYMLINK_LOOP : RULE_INVALID_PATH,
          "cannot resolve working directory '" + printable(workingDirectory) + "': " + c.error());
    }
    if (!startsWith(segments(c.real()), workspaceSegments)) {
      return refuse(RULE_CWD_OUTSIDE_WORKSPACE, "working directory '" + printable(workingDirectory)
          + "' resolves to " + c.real() + ", outside the workspace " + workspace
          + "; the host sets the boundary, not the call");
    }
    return new WorkingDirectory(c.real(), null);
  }

  private static WorkingDirectory refuse(String rule, String reason) {
    return new WorkingDirectory(null, Decision.deny(CheckNames.FILESYSTEM, rule, reason));
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
    Decision refusal = resolveWorkingDirectory(workingDirectory).refusal();
    if (refusal != null) {
      return Optional.of(refusal);
    }
    List<String> readings = readings(workingDirectory);
    if (readings == null) {
      return Optional.of(Decision.deny(CheckNames.FILESYSTEM, RULE_INVALID_PATH, "working directory '"
          + printable(workingDirectory) + "' has too many possible readings to judge"));
    }
    for (String reading : readings) {
      Decision other = resolveWorkingDirectory(reading).refusal();
      if (other != null) {
        return Optional.of(new Decision(other.verdict(), other.check(), other.rule(), other.reason()
            + " (when '" + printable(workingDirectory) + "' is read as '" + printable(reading) + "')"));
      }
    }
    return Optional.empty();
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
    return deny.firstMatch(folded(Objects.requireNonNull(real, "real must not be null")));
  }

  /**
   * The protected-set glob that matches {@code real} (as for {@link #denyGlobMatching}), or {@code null}.
   *
   * @param real an absolute path without symbolic links
   * @return the matching protected glob, or {@code null}
   */
  public String protectedGlobMatching(Path real) {
    return protect.firstMatch(folded(Objects.requireNonNull(real, "real must not be null")));
  }

  private static ResolvedPath deny(String rule, String reason) {
    return new ResolvedPath(Decision.deny(CheckNames.FILESYSTEM, rule, reason), null, null);
  }

  /**
   * The first glob matching the lexical or the real path. A session private glob found on one path does not hide
   * a deny glob matching the other.
   */
  private static String firstMatch(GlobIndex index, List<String> lexical, List<String> real) {
    String a = index.firstMatch(lexical);
    if (a != null && !a.startsWith(PRIVATE_MARK) || real == lexical) {
      return a;
    }
    String b = index.firstMatch(real);
    return b != null && (a == null || !b.startsWith(PRIVATE_MARK)) ? b : a;
  }

  // ------------------------------------------------------------------ input

  /** Why {@code path} is not acceptable input, or null. */
  static String invalid(String path) {
    if (path.isEmpty()) {
      return "the path is empty";
    }
    if (path.isBlank()) {
      return "the path is blank";
    }
    if (path.length() > MAX_PATH_LENGTH) {
      return "longer than " + MAX_PATH_LENGTH + " characters";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == 0) {
        return "NUL character at index " + i;
      }
      if (Character.getType(c) == Character.CONTROL) {
        return "control character U+" + String.format(Locale.ROOT, "%04X", (int) c) + " at index " + i;
      }
      if (c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        return "line separator or bidirectional control U+" + String.format(Locale.ROOT, "%04X", (int) c)
            + " at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= path.length() || !Character.isLowSurrogate(path.charAt(i + 1))) {
          return "unpaired surrogate at index " + i;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "unpaired surrogate at index " + i;
      }
    }
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      return "file: URLs are not paths; pass the path itself";
    }
    if (path.length() >= 2 && path.charAt(1) == ':' && (path.charAt(0) | 0x20) >= 'a'
        && (path.charAt(0) | 0x20) <= 'z') {
      return "a Windows drive path is ambiguous here; use a POSIX path";
    }
    if (path.startsWith("\\\\")) {
      return "a Windows UNC path is ambiguous here; use a POSIX path";
    }
    if (path.startsWith("~") && !path.equals("~") && !path.startsWith("~/")) {
      return "'~user' is not supported; use '~/' or an absolute path";
    }
    return null;
  }

  /** The other readings of {@code path} judged too; see {@link PathReadings#of}. */
  static List<String> readings(String path) {
    return PathReadings.of(path);
  }

  static String lenientUtf8(byte[] b) {
    return PathReadings.lenientUtf8(b);
  }

  // ------------------------------------------------------------------ helpers

  private String expandHome(String p) {
    if (p.equals("~")) {
      return env.home().toString();
    }
    if (p.startsWith("~/")) {
      return env.home() + p.substring(1);
    }
    return p;
  }

  /** Expands variables and {@code ~} in a glob (escaping the substituted paths) and compiles it. */
  private List<PathGlob> compileForEnvironment(String glob, Map<Path, PathCanonicalizer.Result> prefixes) {
    String expanded = expandGlobVariables(glob, env);
    List<PathGlob> out = new ArrayList<>(2);
    out.add(PathGlob.compile(expanded, true));
    if (expanded.startsWith("/")) {
      // Also match under the real location of the glob's literal leading directories (/tmp -> /private/tmp).
      List<String> segs = List.of(expanded.split("/", -1));
      int literal = 1;
      while (literal < segs.size() - 1 && GlobSyntax.isLiteralPathSegment(segs.get(literal))) {
        literal++;
      }
      if (literal > 1) {
        Path prefix = Path.of("/" + String.join("/", segs.subList(1, literal)));
        PathCanonicalizer.Result c = prefixes.computeIfAbsent(prefix, PathCanonicalizer::canonicalize);
        if (c.ok() && !c.real().equals(prefix.normalize())) {
          String rest = String.join("/", segs.subList(literal, segs.size()));
          out.add(PathGlob.compile(GlobSyntax.escapePath(c.real().toString()) + "/" + rest, true));
        }
      }
    }
    return out;
  }

  /**
   * Replaces {@code ${workspace}}, {@code ${home}}, {@code ${tmp}} and a leading {@code ~} in a glob with the
   * environment's paths, escaped so their characters match literally.
   *
   * @throws IllegalArgumentException for an unknown or unterminated variable or {@code ~user}
   */
  static String expandGlobVariables(String glob, GuardEnvironment env) {
    StringBuilder out = new StringBuilder(glob.length() + 32);
    int i = 0;
    if (glob.equals("~") || glob.startsWith("~/")) {
      out.append(GlobSyntax.escapePath(env.home().toString()));
      i = 1;
    } else if (glob.startsWith("~")) {
      throw new IllegalArgumentException("'~user' is not supported in '" + glob + "'; use '~/' or ${home}");
    }
    while (i < glob.length()) {
      int start = glob.indexOf("${", i);
      if (start < 0) {
        out.append(glob, i, glob.length());
        break;
      }
      out.append(glob, i, start);
      int end = glob.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated variable in '" + glob + "'");
      }
      out.append(GlobSyntax.escapePath(env.expand(glob.substring(start, end + 1))));
      i = end + 1;
    }
    return out.toString();
  }

  private static Path realOrSelf(Path p) {
    PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(p);
    return c.ok() ? c.real() : p.normalize();
  }

  /** The names of {@code p} (no root), as iterating the path gives them, without a {@code Path} per name. */
  static List<String> segments(Path p) {
    if (!p.getFileSystem().getSeparator().equals("/")) {
      List<String> out = new ArrayList<>(p.getNameCount());
      for (Path name : p) {
        out.add(name.toString());
      }
      return out;
    }
    String s = p.toString();
    List<String> out = new ArrayList<>(p.getNameCount());
    int start = s.startsWith("/") ? 1 : 0;
    for (int i = start; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '/') {
        if (i > start) {
          out.add(s.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** {@code names} folded for case-insensitive matching: the same list when folding changes none of them. */
  private static List<String> folded(List<String> names) {
    List<String> out = null;
    for (int i = 0; i < names.size(); i++) {
      String f = PathGlob.fold(names.get(i));
      if (f != names.get(i) && out == null) {
        out = new ArrayList<>(names);
      }
      if (out != null) {
        out.set(i, f);
      }
    }
    return out == null ? names : out;
  }

  private static List<String> folded(Path p) {
    return folded(segments(p));
  }

  static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  static String printable(String s) {
    return UntrustedText.printable(s, 512);
  }

}
