package dev.agentguard.core.exec;

import java.util.List;
import java.util.Set;

/**
 * Commands that programs carry inside their arguments: shell text handed on by {@code trap}, {@code script -c},
 * {@code flock -c} and {@code ssh}, and the commands run by {@code find -exec/-execdir/-ok/-okdir}. Stateless.
 */
final class EmbeddedCommands {

  private EmbeddedCommands() {}

  private static String normalize(String program) {
    return Programs.normalize(program);
  }

  private static final Set<String> SSH_OPTIONS_WITH_ARGUMENT = Set.of(
      "-B", "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o", "-p", "-Q", "-R",
      "-S", "-W", "-w");

  /**
   * Shell text that the program at {@code start} hands to a shell: the action of {@code trap}, the command of
   * {@code script -c} and {@code flock -c}, and the remote command of {@code ssh}.
   */
  static List<String> embeddedScripts(List<String> words, int start) {
    String name = normalize(words.get(start));
    List<String> scripts = new java.util.ArrayList<>();
    switch (name) {
      case "trap":
        for (int i = start + 1; i < words.size(); i++) {
          String w = words.get(i);
          if (w.equals("--")) {
            continue;
          }
          if (!w.startsWith("-") && !w.isBlank()) {
            scripts.add(w);
          }
          break;
        }
        break;
      case "script":
      case "flock":
        for (int i = start + 1; i < words.size(); i++) {
          String w = words.get(i);
          if ((w.equals("-c") || w.equals("--command")) && i + 1 < words.size()) {
            scripts.add(words.get(i + 1));
          } else if (w.startsWith("--command=")) {
            scripts.add(w.substring("--command=".length()));
          } else if (w.startsWith("-") && !w.startsWith("--") && w.endsWith("c") && i + 1 < words.size()) {
            scripts.add(words.get(i + 1));
          }
        }
        break;
      case "ssh": {
        int i = start + 1;
        while (i < words.size() && words.get(i).startsWith("-") && !words.get(i).equals("--")) {
          String w = words.get(i);
          boolean consumes = false;
          for (int k = 1; k < w.length(); k++) {
            if (SSH_OPTIONS_WITH_ARGUMENT.contains("-" + w.charAt(k))) {
              consumes = k == w.length() - 1;
              break;
            }
          }
          i += consumes ? 2 : 1;
        }
        if (i < words.size() && words.get(i).equals("--")) {
          i++;
        }
        if (i + 1 < words.size()) {
          scripts.add(String.join(" ", words.subList(i + 1, words.size())));
        }
        break;
      }
      default:
        break;
    }
    return scripts;
  }
  /** Where the command run by {@code find -exec/-execdir/-ok/-okdir} starts and ends, for each such action. */
  static List<int[]> findActions(List<String> words, int start) {
    List<int[]> actions = new java.util.ArrayList<>();
    if (!normalize(words.get(start)).equals("find")) {
      return actions;
    }
    for (int i = start + 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-exec") || w.equals("-execdir") || w.equals("-ok") || w.equals("-okdir")) {
        int end = i + 1;
        while (end < words.size() && !words.get(end).equals(";") && !words.get(end).equals("+")) {
          end++;
        }
        actions.add(new int[] {i + 1, end});
        i = end;
      }
    }
    return actions;
  }}
