package dev.agentguard.core.exec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the command policy knows about {@code git} beyond its option table: {@code -c}, {@code --config-env} and
 * {@code --exec-path} settings that make git run programs, and {@code bisect run} / {@code submodule foreach},
 * which run the command given to them. Stateless.
 */
final class GitPrograms {

  private GitPrograms() {}

  private static String normalize(String program) {
    return Programs.normalize(program);
  }

  /** For {@code git bisect run} and {@code git submodule foreach}, the index of the command; else {@code -1}. */
  static int gitRuns(List<String> words, int start) {
    if (!normalize(words.get(start)).equals("git")) {
      return -1;
    }
    for (int i = start + 2; i < words.size(); i++) {
      String before = words.get(i - 1);
      String w = words.get(i);
      if (before.equals("bisect") && w.equals("run") || before.equals("submodule") && w.equals("foreach")) {
        return Math.min(i + 1, words.size() - 1);
      }
    }
    return -1;
  }


  /** Result of looking at {@code git}'s global options. */
  enum GitConfig { NONE, SAFE, DANGEROUS }

  private static final Set<String> GIT_DANGEROUS_KEYS = Set.of(
      "core.pager", "core.sshcommand", "core.hookspath", "core.editor", "core.fsmonitor", "core.gitproxy",
      "core.askpass", "core.worktree", "sequence.editor", "diff.external", "gpg.program", "include.path",
      "uploadpack.packobjectshook", "ssh.variant", "core.alternaterefscommand", "receive.procreceiverefs");

  private static final List<String> GIT_DANGEROUS_SECTIONS = List.of(
      "alias.", "pager.", "credential.", "includeif.", "filter.", "protocol.", "url.", "sendemail.");

  private static final List<String> GIT_DANGEROUS_SUFFIXES = List.of(
      "command", "cmd", "program", "pager", "editor", "proxy", "path", "textconv", "driver", "external",
      "helper", "hook", "uploadpack", "receivepack", "difffilter", "askpass", "fsmonitor");

  /**
   * Looks at the global options of {@code git} at {@code start}: {@code DANGEROUS} when a {@code -c},
   * {@code --config-env} or {@code --exec-path} could make git run another program, {@code SAFE} when other
   * {@code -c} settings are given, {@code NONE} otherwise.
   */
  static GitConfig gitConfig(List<String> words, int start) {
    if (!normalize(words.get(start)).equals("git")) {
      return GitConfig.NONE;
    }
    GitConfig result = GitConfig.NONE;
    for (int i = start + 1; i < words.size(); i++) {
      String w = words.get(i);
      String setting = null;
      if (w.equals("-c") || w.equals("--config-env")) {
        setting = i + 1 < words.size() ? words.get(++i) : "";
      } else if (w.startsWith("--config-env=")) {
        setting = w.substring("--config-env=".length());
      } else if (w.startsWith("-c") && w.length() > 2) {
        setting = w.substring(2);
      } else if (w.startsWith("--exec-path=")) {
        return GitConfig.DANGEROUS;
      } else if (w.equals("-C") || w.equals("--git-dir") || w.equals("--work-tree") || w.equals("--namespace")
          || w.equals("--super-prefix")) {
        i++;
        continue;
      } else if (w.startsWith("-")) {
        continue;
      } else {
        break;
      }
      String key = setting.contains("=") ? setting.substring(0, setting.indexOf('=')) : setting;
      key = key.toLowerCase(Locale.ROOT);
      if (GIT_DANGEROUS_KEYS.contains(key) || GIT_DANGEROUS_SECTIONS.stream().anyMatch(key::startsWith)
          || GIT_DANGEROUS_SUFFIXES.stream().anyMatch(key::endsWith)) {
        return GitConfig.DANGEROUS;
      }
      result = GitConfig.SAFE;
    }
    return result;
  }

  /** The index of the last {@code git -c} setting word before the subcommand, or {@code -1}. */
  static int gitSettingsEnd(List<String> words, int start) {
    int last = -1;
    if (!normalize(words.get(start)).equals("git")) {
      return last;
    }
    for (int i = start + 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("-c") || w.equals("--config-env") || w.equals("-C") || w.equals("--git-dir")
          || w.equals("--work-tree") || w.equals("--namespace") || w.equals("--super-prefix")) {
        i++;
        if (w.equals("-c") || w.equals("--config-env")) {
          last = Math.min(i, words.size() - 1);
        }
      } else if (w.startsWith("--config-env=") || w.startsWith("-c") && w.length() > 2) {
        last = i;
      } else if (!w.startsWith("-")) {
        break;
      }
    }
    return last;
  }

}
