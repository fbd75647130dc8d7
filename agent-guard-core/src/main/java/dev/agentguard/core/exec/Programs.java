package dev.agentguard.core.exec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the command policy knows about particular programs: wrappers that run another program, shells that run
 * a script given with {@code -c}, interpreters that run inline code, and {@code git -c} settings that run
 * programs. Stateless.
 */
final class Programs {

  private Programs() {}

  /** Shells whose {@code -c} script is checked inside. */
  static final Set<String> SHELLS = Set.of(
      "sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "posh", "lksh", "oksh", "pdksh", "rbash",
      "fish", "csh", "tcsh");

  /** Shell reserved words; a compound command is not analysed. */
  static final Set<String> RESERVED = Set.of(
      "!", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "in",
      "select", "function", "coproc", "[[", "]]", "{", "}");

  /**
   * Wrappers: programs that run the program named among their arguments. For each, the options that take a
   * separate argument; a value of {@code null} means the wrapper has no options before the program.
   */
  private static final Map<String, Set<String>> WRAPPERS = Map.ofEntries(
      Map.entry("env", Set.of("-u", "--unset", "-C", "--chdir", "-S", "--split-string", "-a", "--argv0")),
      Map.entry("sudo", Set.of("-u", "--user", "-g", "--group", "-h", "--host", "-p", "--prompt", "-C",
          "--close-from", "-D", "--chdir", "-R", "--chroot", "-r", "--role", "-t", "--type", "-T",
          "--command-timeout", "-U", "--other-user", "-a", "--auth-type", "-c", "--login-class")),
      Map.entry("doas", Set.of("-u", "-C")),
      Map.entry("nohup", Set.of()),
      Map.entry("timeout", Set.of("-s", "--signal", "-k", "--kill-after")),
      Map.entry("nice", Set.of("-n", "--adjustment")),
      Map.entry("ionice", Set.of("-c", "--class", "-n", "--classdata", "-p", "--pid", "-P", "--pgid", "-u",
          "--uid")),
      Map.entry("time", Set.of("-f", "--format", "-o", "--output")),
      Map.entry("exec", Set.of("-a")),
      Map.entry("command", Set.of()),
      Map.entry("builtin", Set.of()),
      Map.entry("busybox", Set.of()),
      Map.entry("stdbuf", Set.of("-i", "--input", "-o", "--output", "-e", "--error")),
      Map.entry("setsid", Set.of()),
      Map.entry("chroot", Set.of("--userspec", "--groups")),
      Map.entry("unbuffer", Set.of()),
      Map.entry("taskset", Set.of()),
      Map.entry("flock", Set.of("-w", "--timeout", "-E", "--conflict-exit-code")),
      Map.entry("watch", Set.of("-n", "--interval", "-d", "-q", "--equexit")),
      Map.entry("xargs", Set.of("-a", "--arg-file", "-d", "--delimiter", "-E", "-I", "-L", "--max-lines",
          "-n", "--max-args", "-P", "--max-procs", "-s", "--max-chars", "--process-slot-var")));

  /** Wrappers whose first operand is not the program but another argument (a duration, a root, a lock). */
  private static final Map<String, Integer> LEADING_OPERANDS = Map.of(
      "timeout", 1, "chroot", 1, "taskset", 1, "flock", 1);

  /** The name a deny or ask rule compares: the path's last segment, lower-cased. */
  static String normalize(String program) {
    while (program.startsWith("=") && program.length() > 1) {
      program = program.substring(1);
    }
    int slash = program.lastIndexOf('/');
    String base = slash >= 0 && slash < program.length() - 1 ? program.substring(slash + 1) : program;
    return base.toLowerCase(Locale.ROOT);
  }

  static boolean isWrapper(String program) {
    return WRAPPERS.containsKey(normalize(program));
  }

  /** Whether {@code program}'s base name is a shell's (wherever it lies; see {@link #isTrustedPath}). */
  static boolean isShell(String program) {
    return SHELLS.contains(normalize(program));
  }

  /** The system directories whose programs are the ones their names say. */
  static final Set<String> TRUSTED_DIRECTORIES = Set.of(
      "/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin", "/opt/homebrew/bin",
      "/run/current-system/sw/bin");

  /**
   * Whether {@code program} names the program its name says: a bare name (found on the search path) or a path
   * in a {@linkplain #TRUSTED_DIRECTORIES trusted system directory}. {@code /tmp/bash} and {@code ./zsh} are
   * whatever those files are.
   */
  static boolean isTrustedPath(String program) {
    String p = program;
    while (p.startsWith("=") && p.length() > 1) {
      p = p.substring(1);
    }
    int slash = p.lastIndexOf('/');
    if (slash < 0) {
      return true;
    }
    try {
      Path dir = Path.of(slash == 0 ? "/" : p.substring(0, slash)).normalize();
      return dir.isAbsolute() && TRUSTED_DIRECTORIES.contains(dir.toString());
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Where the wrapped program starts in {@code words} for the wrapper at {@code start}, or {@code -1} when it
   * runs none. Assignments ({@code env A=b}, {@code sudo A=b}) are skipped.
   */
  static int wrappedProgram(List<String> words, int start) {
    String name = normalize(words.get(start));
    Set<String> withArgument = WRAPPERS.get(name);
    int operandsToSkip = LEADING_OPERANDS.getOrDefault(name, 0);
    int i = start + 1;
    boolean options = true;
    while (i < words.size()) {
      String w = words.get(i);
      if (options && w.equals("--")) {
        options = false;
        i++;
        continue;
      }
      if (options && w.startsWith("-") && w.length() > 1 && !name.equals("busybox")) {
        if (name.equals("nice") && NICE_ADJUSTMENT.matcher(w).matches()) {
          i++;
          continue;
        }
        if (w.startsWith("--")) {
          String key = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
          i += withArgument.contains(key) && !w.contains("=") ? 2 : 1;
          continue;
        }
        boolean consumesNext = false;
        for (int k = 1; k < w.length(); k++) {
          if (withArgument.contains("-" + w.charAt(k))) {
            consumesNext = k == w.length() - 1;
            break;
          }
        }
        i += consumesNext ? 2 : 1;
        continue;
      }
      if ((name.equals("env") || name.equals("sudo") || name.equals("doas")) && isAssignmentText(w)) {
        i++;
        continue;
      }
      if (operandsToSkip > 0) {
        operandsToSkip--;
        i++;
        continue;
      }
      return i;
    }
    return -1;
  }

  static boolean isAssignmentText(String w) {
    int eq = w.indexOf('=');
    if (eq <= 0 || !ShellWord.isNameStart(w.charAt(0))) {
      return false;
    }
    for (int i = 1; i < eq; i++) {
      if (!ShellWord.isNameChar(w.charAt(i)) && !(i == eq - 1 && w.charAt(i) == '+')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the script for a shell at {@code start} run with {@code -c}, {@code words.size()} when
   * {@code -c} is given without a script, or {@code -1} when the shell does not run a {@code -c} script.
   */
  static int shellScript(List<String> words, int start) {
    boolean command = false;
    int i = start + 1;
    while (i < words.size()) {
      String w = words.get(i);
      if (w.equals("--") || w.equals("-")) {
        i++;
        break;
      }
      if (w.startsWith("--")) {
        i += w.equals("--rcfile") || w.equals("--init-file") ? 2 : 1;
        if (w.equals("--command")) {
          command = true;
        }
        continue;
      }
      if ((w.startsWith("-") || w.startsWith("+")) && w.length() > 1) {
        if (w.startsWith("-") && w.indexOf('c') > 0) {
          command = true;
        }
        i += w.indexOf('o') > 0 || w.indexOf('O') > 0 ? 2 : 1;
        continue;
      }
      break;
    }
    if (!command) {
      return -1;
    }
    return Math.min(i, words.size());
  }

  private static final Set<String> SAFE_SHELL_LONG_OPTIONS = Set.of("--norc", "--noprofile", "--posix", "--login",
      "--", "-", "--noediting", "--restricted");

  /**
   * Whether the options of a shell at {@code start}, before its script at {@code script}, are ones that only
   * change error handling or tracing: no {@code -i} (which reads start-up files), {@code -s}, {@code --rcfile}
   * or {@code --init-file}.
   */
  static boolean shellOptionsAreSafe(List<String> words, int start, int script) {
    for (int i = start + 1; i < script && i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith("--") || w.equals("-")) {
        if (!SAFE_SHELL_LONG_OPTIONS.contains(w)) {
          return false;
        }
      } else if (SHELL_OPTION_LETTERS.matcher(w).matches()) {
        if (w.indexOf('i') > 0 || w.indexOf('s') > 0) {
          return false;
        }
        if (w.indexOf('o') > 0 || w.indexOf('O') > 0) {
          i++;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * For {@code su}/{@code runuser}, the index of the {@code -c} command, or {@code -1}.
   */
  static int suCommand(List<String> words, int start) {
    for (int i = start + 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-c") || w.equals("--command")) {
        return i + 1 < words.size() ? i + 1 : words.size();
      }
      if (w.startsWith("--command=")) {
        return i;
      }
    }
    return -1;
  }



  /** A version suffix such as {@code 3.12} in {@code python3.12}; compiled once, not per call. */
  private static final java.util.regex.Pattern VERSION_SUFFIX = java.util.regex.Pattern.compile("[0-9.]+$");
  private static final java.util.regex.Pattern NICE_ADJUSTMENT = java.util.regex.Pattern.compile("-[0-9]+");
  private static final java.util.regex.Pattern SHELL_OPTION_LETTERS =
      java.util.regex.Pattern.compile("[-+][A-Za-z]+");


}
