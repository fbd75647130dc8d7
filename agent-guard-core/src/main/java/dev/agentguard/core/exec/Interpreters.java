package dev.agentguard.core.exec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Interpreters the option table does not list (perl, ruby, php, lua, R, osascript, PowerShell, bun, deno) and the
 * options that make them run code given on the command line. Stateless.
 */
final class Interpreters {

  private Interpreters() {}

  private static final java.util.regex.Pattern VERSION_SUFFIX = java.util.regex.Pattern.compile("[0-9.]+$");

  private static String normalize(String program) {
    return Programs.normalize(program);
  }

  /** Interpreters and the options that make them run code given on the command line. */
  private static final Map<String, Set<String>> INLINE_CODE = Map.ofEntries(
      Map.entry("bun", Set.of("e", "p", "--eval", "--print")),
      Map.entry("deno", Set.of("eval")),
      Map.entry("perl", Set.of("e", "E")),
      Map.entry("ruby", Set.of("e")), Map.entry("php", Set.of("r")),
      Map.entry("lua", Set.of("e")), Map.entry("luajit", Set.of("e")),
      Map.entry("rscript", Set.of("e")), Map.entry("r", Set.of("e")),
      Map.entry("osascript", Set.of("e")),
      Map.entry("pwsh", Set.of("c", "-command", "-encodedcommand", "e")),
      Map.entry("powershell", Set.of("c", "-command", "-encodedcommand", "e")));

  /**
   * For an interpreter at {@code start} given inline code, the index of the last word an allow rule must name
   * exactly (the code itself); {@code -1} when the command runs no inline code.
   */
  static int inlineCode(List<String> words, int start) {
    String name = normalize(words.get(start));
    String family = name.isEmpty() || ProgramOptions.endsInNameLetter(name) ? name
        : VERSION_SUFFIX.matcher(name).replaceAll("");
    Set<String> flags = INLINE_CODE.get(family);
    if (flags == null) {
      return -1;
    }
    for (int i = start + 1; i < words.size(); i++) {
      String w = words.get(i);
      if (flags.contains(w)) {
        return Math.min(i + 1, words.size() - 1);
      }
      if (w.startsWith("--")) {
        String key = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
        if (flags.contains(key)) {
          return w.contains("=") ? i : Math.min(i + 1, words.size() - 1);
        }
        continue;
      }
      if (w.startsWith("-") && w.length() > 1) {
        String lower = w.substring(1).toLowerCase(Locale.ROOT);
        if (flags.contains("-" + lower)) {
          return Math.min(i + 1, words.size() - 1);
        }
        for (int k = 1; k < w.length(); k++) {
          if (flags.contains(String.valueOf(w.charAt(k)))) {
            return Math.min(i + 1, words.size() - 1);
          }
        }
        continue;
      }
      return -1;
    }
    return -1;
  }

}
