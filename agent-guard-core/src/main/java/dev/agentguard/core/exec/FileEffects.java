package dev.agentguard.core.exec;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.ResolvedPath;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files a command touches, judged by the filesystem policy: redirection targets, the files the
 * {@link ProgramOptions} table says an option or operand reads or writes, and every argument against the deny
 * globs (a deny glob always wins). Relative names are resolved against the working directory as the command's
 * own {@code cd}s leave it ({@link WorkingDirectory}). Not thread-safe; one per analysis.
 */
final class FileEffects {

  /** At most this many arguments of one command line are checked against the deny globs; past it, DENY. */
  static final int MAX_OPERAND_CHECKS = 2048;
  /** The rule id of a DENY for an argument naming a denied file. */
  static final String OPERAND = "command.denied-file-argument";
  /** The rule id of a refusal of a file an option or operand reads or writes. */
  static final String FILE_EFFECT = "command.file-effect";

  private static final Set<String> HARMLESS_TARGETS = Set.of(
      "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/fd/0", "/dev/fd/1", "/dev/fd/2", "-");

  private final FileSystemCheck files;
  private final WorkingDirectory dir;
  private int checks;

  FileEffects(FileSystemCheck files, String cwd) {
    this.files = files;
    this.dir = new WorkingDirectory(cwd);
  }

  /** The directory relative names resolve against now, or {@code null} when a {@code cd} made it unknown. */
  Path base() {
    return dir.base(files.environment());
  }

  void trackDirectory(List<String> texts, int first, int depth) {
    dir.track(texts, first, depth);
  }

  /** Judges redirection targets as reads or writes (a {@code /dev/tcp} target is refused outright). */
  void redirects(CommandAnalysis a, List<SimpleCommand.Redirect> redirects, String label) {
    for (SimpleCommand.Redirect r : redirects) {
      String op = r.operator();
      ShellWord target = r.target();
      String t = target.text();
      String shown = "redirection '" + r.fd() + op + " " + t + "'";
      if ((op.equals(">&") || op.equals("<&")) && t.matches("[0-9]{0,9}-?") && !t.isEmpty()) {
        continue;
      }
      if (target.hasGlob()) {
        throw Refusal.of("command.glob", label + ": " + shown + " uses a glob pattern");
      }
      if (t.isEmpty()) {
        throw Refusal.of(ShellParser.REDIRECT, label + ": " + shown + " has an empty target");
      }
      if (dir.unknownFor(t)) {
        throw Refusal.of(ShellParser.REDIRECT, label + ": " + shown
            + " is relative to a directory changed earlier in the command, which is not tracked");
      }
      List<Access> accesses = op.equals("<") || op.equals("<&") ? List.of(Access.READ)
          : op.equals("<>") ? List.of(Access.READ, Access.WRITE) : List.of(Access.WRITE);
      for (Access access : accesses) {
        judgeWord(a, target, t, access, ShellParser.REDIRECT, shown, label);
      }
    }
  }

  /** Judges a file an option or operand reads or writes, as the table says. */
  void judge(CommandAnalysis a, ProgramEffects.FileTarget f, String label) {
    String shown = f.why() + " " + f.access().name().toLowerCase(Locale.ROOT) + "s '"
        + Refusal.abbreviate(f.path()) + "'";
    judgeWord(a, ShellWord.literal(f.path()), f.path(), f.access(), FILE_EFFECT, shown, label);
  }

  private void judgeWord(CommandAnalysis a, ShellWord word, String t, Access access, String rule, String shown,
      String label) {
    if (word.startsWithTilde()) {
      if (!t.equals("~") && !t.startsWith("~/")) {
        throw Refusal.of(ShellParser.EXPANSION, label + ": tilde expansion in " + shown + " is not analysed");
      }
    } else if (t.startsWith("~")) {
      t = "./" + t;
    }
    if (HARMLESS_TARGETS.contains(t) || t.isEmpty()) {
      return;
    }
    try {
      Path normal = Path.of(t).normalize();
      if (normal.startsWith("/dev/tcp") || normal.startsWith("/dev/udp")) {
        throw Refusal.of(rule, label + ": " + shown + " opens a network connection");
      }
    } catch (InvalidPathException e) {
      throw Refusal.of(rule, label + ": " + shown + " has an invalid path");
    }
    for (String path : dir.readings(t, files.environment())) {
      count(label);
      Decision d = refusal(a, path, access);
      if (d != null) {
        a.record(new Decision(d.verdict(), CheckNames.COMMAND, rule, label + ": " + shown + " ("
            + access.name().toLowerCase(Locale.ROOT) + ") is refused by the filesystem policy (" + d.rule()
            + "): " + d.reason()));
      }
    }
  }

  /**
   * Arguments that name a file the policy's deny globs refuse ({@code cat .env}, {@code cat link-to-key}) make
   * the command DENY, whatever rule allows the program. A glob argument is expanded as sh would.
   */
  void operands(CommandAnalysis a, List<ShellWord> words, int first, String label) {
    for (int i = first + 1; i < words.size(); i++) {
      ShellWord w = words.get(i);
      String t = w.text();
      int eq = t.indexOf('=');
      if (w.hasOtherAssignmentTilde()) {
        throw Refusal.of(ShellParser.EXPANSION, label + ": tilde expansion in argument '"
            + Refusal.abbreviate(t) + "' is not analysed");
      }
      if (eq >= 0 && eq + 1 < t.length()) {
        // --file=PATH, if=PATH (dd): the value may be a path; a ~ there is read as the home (the stricter way)
        String value = t.substring(eq + 1);
        denyGlobs(a, value.equals("~") || value.startsWith("~/") ? value : literal(value), t, label);
      }
      if (t.isEmpty() || t.startsWith("-")) {
        continue;
      }
      if (w.hasGlob()) {
        globOperand(a, w, label);
        continue;
      }
      if (w.startsWithTilde() && !t.equals("~") && !t.startsWith("~/")) {
        throw Refusal.of(ShellParser.EXPANSION, label + ": tilde expansion in argument '"
            + Refusal.abbreviate(t) + "' is not analysed");
      }
      denyGlobs(a, w.startsWithTilde() ? t : literal(t), t, label);
    }
  }

  private static String literal(String t) {
    return t.startsWith("~") ? "./" + t : t;
  }

  private void denyGlobs(CommandAnalysis a, String t, String shown, String label) {
    for (String path : dir.readings(t, files.environment())) {
      count(label);
      denyGlobAt(a, path, "argument '" + Refusal.abbreviate(shown) + "'", label);
    }
  }

  private void denyGlobAt(CommandAnalysis a, String path, String shown, String label) {
    Decision d = refusal(a, path, Access.READ);
    if (d != null && d.isDeny() && FileSystemCheck.RULE_DENY_GLOB.equals(d.rule())) {
      a.record(Decision.deny(CheckNames.COMMAND, OPERAND, label + ": " + shown
          + " names a file the filesystem policy denies (" + d.rule() + "): " + d.reason()));
    }
  }

  /**
   * What the filesystem policy says about {@code path} when it does not allow it, else {@code null}. The path is
   * resolved once: for the binder (when there is one) and the decision alike.
   */
  private Decision refusal(CommandAnalysis a, String path, Access access) {
    if (a.binder() == null) {
      return files.refusal(path, access, dir.cwd()).orElse(null);
    }
    ResolvedPath r;
    try {
      r = files.resolvePath(path, access, dir.cwd());
    } catch (RuntimeException e) {
      a.binder().file(path, access, null);
      throw e;
    }
    a.binder().file(path, access, r.real());
    return r.decision().isAllow() ? null : r.decision();
  }

  private void globOperand(CommandAnalysis a, ShellWord w, String label) {
    String text = w.text();
    GuardEnvironment env = files.environment();
    Path start;
    int from = 0;
    try {
      if (text.startsWith("/")) {
        start = Path.of("/");
      } else if (w.startsWithTilde()) {
        if (!text.equals("~") && !text.startsWith("~/")) {
          throw Refusal.of(ShellParser.EXPANSION, label + ": tilde expansion in argument '"
              + Refusal.abbreviate(text) + "' is not analysed");
        }
        start = env.home();
        from = 1;
      } else {
        start = dir.base(env);
        if (start == null) {
          return;
        }
      }
    } catch (InvalidPathException e) {
      return;
    }
    for (Path p : GlobExpansion.expand(w, from, start, () -> count(label))) {
      count(label);
      denyGlobAt(a, p.toString(), "argument '" + Refusal.abbreviate(text) + "' expands to '"
          + Refusal.abbreviate(p.toString()) + "', which", label);
    }
  }

  private int count(String label) {
    if (++checks > MAX_OPERAND_CHECKS) {
      throw Refusal.of("command.too-long", label + ": more than " + MAX_OPERAND_CHECKS
          + " arguments or files to check against the filesystem policy");
    }
    return checks;
  }
}
