package dev.agentguard.core.exec;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.check.GuardLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The state of one command's analysis: the limits it counts against, the decisions recorded so far (the first
 * DENY ends it by a {@link Refusal}), and the entry points for a command line and an argv. The parts themselves
 * are judged by {@link ShellWalk}; their files by {@link FileEffects}. Not thread-safe; one per call.
 */
final class CommandAnalysis {

  private final GuardLimits limits;
  private final RuleIndex rules;
  private final FileEffects files;
  private final ShellWalk walk;
  /** Records what was judged for an approval to bind, or {@code null} when nothing is bound. */
  private final CommandBinder binder;
  private int parts;
  private Decision firstAsk;
  private Decision firstAllow;
  /** Matched decisions of rules from later policy layers (by identity); made at the first one. */
  private Set<Decision> layered;

  CommandAnalysis(GuardLimits limits, RuleIndex rules, FileEffects files) {
    this(limits, rules, files, null);
  }

  CommandAnalysis(GuardLimits limits, RuleIndex rules, FileEffects files, CommandBinder binder) {
    this.limits = limits;
    this.rules = rules;
    this.files = files;
    this.binder = binder;
    this.walk = new ShellWalk(this);
  }

  /** The binder, or {@code null} when this analysis binds nothing. */
  CommandBinder binder() {
    return binder;
  }

  RuleIndex rules() {
    return rules;
  }

  FileEffects files() {
    return files;
  }

  /** Notes that {@code d} is the decision of a rule from a later policy layer. */
  void addLayered(Decision d) {
    if (layered == null) {
      layered = Collections.newSetFromMap(new IdentityHashMap<>());
    }
    layered.add(d);
  }

  /** Whether {@code d} was noted by {@link #addLayered}. */
  boolean isLayered(Decision d) {
    return layered != null && layered.contains(d);
  }

  /** The verdict after every part was recorded. */
  Decision result() {
    if (firstAsk != null) {
      return firstAsk;
    }
    if (firstAllow == null) {
      return Refusal.deny(ShellParser.EMPTY, "the command has nothing to run");
    }
    if (parts == 1) {
      return firstAllow;
    }
    return Decision.allow(CheckNames.COMMAND, firstAllow.rule(),
        "all " + parts + " parts are allowed; " + firstAllow.reason());
  }

  /** Records one decision: a DENY ends the analysis, the first ASK and the first ALLOW are kept. */
  void record(Decision d) {
    if (d.isDeny()) {
      throw new Refusal(d);
    }
    if (d.isAsk()) {
      if (firstAsk == null) {
        firstAsk = d;
      }
    } else if (firstAllow == null) {
      firstAllow = d;
    }
  }

  /** Counts one more part against the limit. */
  void countPart(String label) {
    parts++;
    if (parts > limits.maxCommandParts()) {
      throw Refusal.of("command.too-many-parts", "the command has more than " + limits.maxCommandParts()
          + " parts (at " + label.trim() + "); it is not analysed further");
    }
  }

  /** Judges a command given as an argv: every element taken literally. */
  void argv(List<String> argv) {
    if (argv.isEmpty()) {
      throw Refusal.of(ShellParser.EMPTY, "the command's argv is empty");
    }
    long length = 0;
    List<ShellWord> words = new ArrayList<>(argv.size());
    for (String a : argv) {
      length += a.length() + 1;
      try {
        ShellText.checkCharacters(a);
      } catch (ShellRejection e) {
        throw Refusal.of(e.rule(), "argument " + words.size() + ": " + e.getMessage());
      }
      words.add(ShellWord.literal(a));
    }
    if (length > limits.maxCommandLength()) {
      throw Refusal.of("command.too-long", "the command's argv is " + length
          + " characters, over the limit of " + limits.maxCommandLength());
    }
    String label = "the command (`" + Refusal.abbreviate(String.join(" ", argv)) + "`)";
    countPart(label);
    walk.part(words, 0, label);
  }

  /**
   * Judges shell text at nesting {@code depth}; {@code where} prefixes every reason. A reason shows the text as
   * the shell runs it, after its line continuations are joined.
   */
  void script(String text, int depth, String where) {
    if (depth > limits.maxShellNesting()) {
      throw Refusal.of("command.too-deep", where + "shell scripts are nested more than "
          + limits.maxShellNesting() + " levels deep");
    }
    List<SimpleCommand> commands;
    try {
      commands = ShellParser.parse(text);
    } catch (ShellRejection e) {
      String joined = ShellText.joinContinuations(text);
      String shown = joined.equals(text) ? "" : "once its line continuations are joined the shell runs `"
          + Refusal.abbreviate(joined) + "`: ";
      throw Refusal.of(e.rule(), where + shown + e.getMessage());
    }
    for (int i = 0; i < commands.size(); i++) {
      SimpleCommand sc = commands.get(i);
      String label = where + "part " + (i + 1) + " of " + commands.size() + " (`"
          + Refusal.abbreviate(String.join(" ", sc.texts())) + "`)";
      countPart(label);
      if (binder != null) {
        sc.redirects().forEach(binder::redirect);
      }
      files.redirects(this, sc.redirects(), label);
      walk.part(sc.words(), depth, label);
      boolean last = i == commands.size() - 1;
      if (binder != null && !sc.separator().isEmpty()
          && !(last && (sc.separator().equals(";") || sc.separator().equals("\n")))) {
        binder.separator(sc.separator());
      }
    }
  }
}
