package dev.agentguard.core.exec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How command rules compare with a command's words. Stateless. */
final class RuleMatcher {

  private RuleMatcher() {}

  /** Long options (and letters) some programs accept for a short flag, so {@code rm --recursive} is {@code -r}. */
  private static final java.util.Map<String, java.util.Map<String, Character>> SYNONYMS = java.util.Map.of(
      "rm", java.util.Map.of("--recursive", 'r', "--force", 'f', "-R", 'r', "--dir", 'd'),
      "git", java.util.Map.of("--force", 'f', "--hard", 'H'),
      "chmod", java.util.Map.of("--recursive", 'R'),
      "chown", java.util.Map.of("--recursive", 'R'),
      "chgrp", java.util.Map.of("--recursive", 'R'),
      "cp", java.util.Map.of("--recursive", 'r', "-R", 'r', "--force", 'f'),
      "shred", java.util.Map.of("--remove", 'u', "--zero", 'z'));

  /** Allow rules: the rule's tokens are exactly the command's leading words. */
  static boolean matchesExactly(List<String> prefix, List<String> words) {
    return prefix.size() <= words.size() && words.subList(0, prefix.size()).equals(prefix);
  }

  /**
   * Deny and ask rules: the program is compared by its last path segment, case-insensitively ({@code /bin/RM}
   * is {@code rm}); then either the remaining tokens are the command's next words, or every short-flag letter
   * of the rule ({@code -rf}) appears among the command's short flags ({@code -r -f}, {@code -fr}), every other
   * option of the rule appears among the command's options, and the rule's other tokens are the command's
   * leading operands.
   */
  static boolean matchesLoosely(List<String> prefix, List<String> words) {
    if (words.isEmpty() || !Programs.normalize(words.get(0)).equals(Programs.normalize(prefix.get(0)))) {
      return false;
    }
    if (Programs.normalize(words.get(0)).equals("git")) {
      words = withoutGitGlobalOptions(words);
    }
    if (prefix.size() <= words.size() && words.subList(1, prefix.size()).equals(prefix.subList(1, prefix.size()))) {
      return true;
    }
    java.util.Map<String, Character> synonyms =
        SYNONYMS.getOrDefault(Programs.normalize(words.get(0)), java.util.Map.of());
    Parts rule = ruleParts(prefix.subList(1, prefix.size()), synonyms);
    Parts command = commandParts(words.subList(1, words.size()), synonyms);
    if (!command.letters.containsAll(rule.letters) || !command.options.containsAll(rule.options)
        || command.operands.size() < rule.operands.size()) {
      return false;
    }
    for (int i = 0; i < rule.operands.size(); i++) {
      if (!samePath(rule.operands.get(i), command.operands.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** A rule's or a command's words after the program: short-flag letters, other options, operands. */
  private static final class Parts {
    final Set<Character> letters = new HashSet<>();
    final Set<String> options = new HashSet<>();
    final List<String> operands = new ArrayList<>();
  }

  /** A rule's tokens: {@code -rf} gives letters, a synonym its letter, other options and operands as written. */
  private static Parts ruleParts(List<String> tokens, java.util.Map<String, Character> synonyms) {
    Parts p = new Parts();
    for (String t : tokens) {
      if (synonyms.containsKey(t) && !t.equals("-R")) {
        p.letters.add(synonyms.get(t));
      } else if (t.matches("-[A-Za-z0-9]{1,3}")) {
        for (int i = 1; i < t.length(); i++) {
          p.letters.add(t.charAt(i));
        }
      } else if (t.startsWith("-") && t.length() > 1) {
        p.options.add(t);
      } else {
        p.operands.add(t);
      }
    }
    return p;
  }

  /** A command's words: every option, the letters of short-flag clusters and synonyms, operands after options. */
  private static Parts commandParts(List<String> words, java.util.Map<String, Character> synonyms) {
    Parts p = new Parts();
    boolean optionsEnded = false;
    for (String w : words) {
      if (!optionsEnded && w.equals("--")) {
        optionsEnded = true;
      } else if (!optionsEnded && w.startsWith("-") && w.length() > 1) {
        p.options.add(w);
        Character same = synonyms.get(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
        if (same != null) {
          p.letters.add(same);
        }
        if (!w.startsWith("--")) {
          if (synonyms.containsKey("-R") && w.indexOf('R') > 0) {
            p.letters.add(synonyms.get("-R"));
          }
          for (int i = 1; i < w.length(); i++) {
            p.letters.add(w.charAt(i));
          }
        }
      } else {
        p.operands.add(w);
      }
    }
    return p;
  }

  /**
   * Whether two operands name the same path: equal, or equal once {@code //}, {@code /./}, trailing slashes and a
   * trailing {@code /*} or {@code /.*} (everything in the directory) are folded, so {@code rm -rf /*} is
   * {@code rm -rf /}.
   */
  static boolean samePath(String rule, String word) {
    if (rule.equals(word)) {
      return true;
    }
    if (!(rule.startsWith("/") || rule.startsWith("~") || rule.startsWith("."))) {
      return false;
    }
    return foldPath(rule).equals(foldPath(word));
  }

  private static String foldPath(String p) {
    String s = p;
    while (s.endsWith("/*") || s.endsWith("/.*") || s.endsWith("/.") || (s.endsWith("/") && s.length() > 1)) {
      s = s.endsWith("/*") ? s.substring(0, s.length() - 2)
          : s.endsWith("/.*") ? s.substring(0, s.length() - 3)
          : s.endsWith("/.") ? s.substring(0, s.length() - 2)
          : s.substring(0, s.length() - 1);
    }
    s = s.replaceAll("/+", "/").replace("/./", "/");
    return s.isEmpty() ? "/" : s;
  }

  private static final Set<String> GIT_OPTIONS_WITH_ARGUMENT = Set.of(
      "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env", "--exec-path",
      "--list-cmds", "--attr-source");

  /** {@code git -C dir --no-pager push} as {@code git push}: the global options before the subcommand go. */
  private static List<String> withoutGitGlobalOptions(List<String> words) {
    int i = 1;
    while (i < words.size() && words.get(i).startsWith("-")) {
      String w = words.get(i);
      if (w.equals("--")) {
        i++;
        break;
      }
      i += GIT_OPTIONS_WITH_ARGUMENT.contains(w) ? 2 : 1;
    }
    List<String> out = new ArrayList<>();
    out.add(words.get(0));
    out.addAll(words.subList(Math.min(i, words.size()), words.size()));
    return out;
  }
}
