package dev.agentguard.core.exec;

import dev.agentguard.api.Decision;
import dev.agentguard.core.exec.OptionParser.Use;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one simple command: its assignments, its program and every program it runs through wrappers
 * ({@code env}, {@code sudo}, {@code xargs}, {@code find -exec}, {@code env -S}, a trusted shell's {@code -c}
 * script, ...), the options the {@link ProgramOptions} table knows, the deny and ask rules that match any of
 * them, and the allow rules that name the command exactly enough. Not thread-safe; belongs to one analysis.
 */
final class ShellWalk {

  /** Most programs looked at behind wrappers in one part ({@code sudo env nohup ...}). */
  private static final int MAX_WRAPPERS = 32;

  private final CommandAnalysis analysis;

  ShellWalk(CommandAnalysis analysis) {
    this.analysis = analysis;
  }

  /** The state of one part's walk. */
  private static final class Part {
    final List<ShellWord> words;
    final List<String> texts;
    final int depth;
    final String label;
    final int first;
    final List<Decision> matched = new ArrayList<>();
    boolean primaryShell;
    boolean shellNeedsRule;
    int mustName = -1;
    String mustWhy = "";

    Part(List<ShellWord> words, int depth, String label) {
      this.words = words;
      this.depth = depth;
      this.label = label;
      this.texts = new ArrayList<>(words.size());
      for (ShellWord w : words) {
        texts.add(w.text());
      }
      int f = 0;
      while (f < words.size() && words.get(f).isAssignment()) {
        f++;
      }
      this.first = f;
    }

    void mustName(int index, String why) {
      if (index > mustName) {
        mustName = index;
        mustWhy = why;
      }
    }
  }

  /** Judges one simple command's words (assignments first) and records the decision. */
  void part(List<ShellWord> words, int depth, String label) {
    if (analysis.binder() != null) {
      analysis.binder().part(words, depth);
    }
    if (words.isEmpty()) {
      analysis.record(analysis.rules().defaultDecision(label));
      return;
    }
    Part p = new Part(words, depth, label);
    if (p.first > 0) {
      matchStrict(p, 0);
    }
    if (p.first < words.size()) {
      walkPrograms(p);
    }
    analysis.files().operands(analysis, words, p.first, label);
    analysis.files().trackDirectory(p.texts, p.first, depth);
    decide(p);
  }

  private void walkPrograms(Part p) {
    // Each word is queued at most once, so the queue never holds more than the part's words.
    int[] todo = new int[p.words.size()];
    boolean[] seen = new boolean[p.words.size()];
    int head = 0;
    int tail = 0;
    todo[tail++] = p.first;
    seen[p.first] = true;
    int looked = 0;
    while (head < tail) {
      int s = todo[head++];
      if (++looked > MAX_WRAPPERS) {
        throw Refusal.of("command.too-deep", p.label + ": more than " + MAX_WRAPPERS
            + " wrapped programs in one command");
      }
      checkProgramWord(p, p.words.get(s));
      if (analysis.binder() != null) {
        analysis.binder().program(p.texts.get(s), analysis.files().base());
      }
      matchStrict(p, s);
      program(p, s);
      for (int j : wrapped(p, s)) {
        if (!seen[j]) {
          seen[j] = true;
          todo[tail++] = j;
        }
      }
    }
  }

  private void checkProgramWord(Part p, ShellWord program) {
    String text = program.text();
    if (text.isEmpty()) {
      throw Refusal.of(ShellParser.EMPTY, p.label + ": the program name is empty");
    }
    if (program.hasGlob()) {
      throw Refusal.of("command.glob", p.label + ": the program name '" + text
          + "' is a glob pattern, which could run another program");
    }
    if (Programs.RESERVED.contains(text)) {
      throw Refusal.of("command.compound", p.label + ": the shell keyword '" + text
          + "' starts a compound command, which is not analysed");
    }
    if (Programs.normalize(text).equals("eval")) {
      throw Refusal.of("command.eval", p.label + ": eval runs text as a command, which is not analysed");
    }
  }

  /** What the program at {@code s} runs or touches by its own options and operands. */
  private void program(Part p, int s) {
    List<String> texts = p.texts;
    if (GitPrograms.gitConfig(texts, s) == GitPrograms.GitConfig.DANGEROUS) {
      throw Refusal.of("command.git-config", p.label + ": a git -c/--config-env/--exec-path setting can make git"
          + " run another program");
    }
    shellScript(p, s);
    String name = Programs.normalize(texts.get(s));
    for (String embedded : EmbeddedCommands.embeddedScripts(texts, s)) {
      analysis.script(embedded, p.depth + 1, p.label + ": in the command run by " + name + ", ");
    }
    for (int[] action : EmbeddedCommands.findActions(texts, s)) {
      if (action[0] >= action[1]) {
        throw Refusal.of(ShellParser.EMPTY, p.label + ": find -exec is given no command");
      }
      subPart(p, action[0], action[1], "find");
    }
    ProgramEffects.Result effects = ProgramEffects.of(texts, s);
    p.mustName(effects.mustName(), effects.why());
    for (ProgramEffects.FileTarget f : effects.files()) {
      analysis.files().judge(analysis, f, p.label);
    }
    p.mustName(Interpreters.inlineCode(texts, s), "the command runs inline code");
    p.mustName(GitPrograms.gitSettingsEnd(texts, s), "git -c settings change what git runs");
    p.mustName(GitPrograms.gitRuns(texts, s), "git runs the command given to it");
  }

  /**
   * A shell's (or su's) {@code -c} script is judged inside. Only a shell named bare or at a trusted system path
   * ({@link Programs#isTrustedPath}) lets the script's rules decide for it: {@code ./zsh -c 'git status'} is the
   * program {@code ./zsh}, whose own rule must allow it.
   */
  private void shellScript(Part p, int s) {
    String word = p.texts.get(s);
    String name = Programs.normalize(word);
    boolean shell = Programs.isShell(word);
    int script = shell ? Programs.shellScript(p.texts, s)
        : name.equals("su") || name.equals("runuser") ? Programs.suCommand(p.texts, s) : -1;
    if (script < 0) {
      return;
    }
    if (script >= p.texts.size()) {
      throw Refusal.of(ShellParser.EMPTY, p.label + ": " + name + " -c is given no script");
    }
    String code = p.texts.get(script);
    if (code.startsWith("--command=")) {
      code = code.substring("--command=".length());
    }
    if (s == p.first && Programs.isTrustedPath(word)) {
      p.primaryShell = true;
      if (p.first > 0 || !shell || !Programs.shellOptionsAreSafe(p.texts, s, script)) {
        p.shellNeedsRule = true;
      }
    }
    analysis.script(code, p.depth + 1, p.label + ": in the " + name + " -c script, ");
  }

  /** No word to queue. */
  private static final int[] NONE = {};

  /**
   * Judges what {@code xargs}, {@code env -S} and {@code watch} at {@code s} run; returns the words after a wrapper
   * that may name the program it runs, in order, to queue.
   */
  private int[] wrapped(Part p, int s) {
    String name = Programs.normalize(p.texts.get(s));
    if (!Programs.isWrapper(name)) {
      return NONE;
    }
    if (name.equals("env")) {
      envSplitString(p, s);
    }
    int wrapped = Programs.wrappedProgram(p.texts, s);
    if (name.equals("xargs")) {
      if (wrapped < 0) {
        String sub = p.label + ": the command run by xargs (`echo`)";
        analysis.countPart(sub);
        part(List.of(ShellWord.literal("echo")), p.depth, sub);
      } else {
        subPart(p, wrapped, p.words.size(), "xargs");
      }
      return NONE;
    }
    if (wrapped < 0) {
      return NONE;
    }
    List<String> options = p.texts.subList(s, wrapped);
    if (name.equals("watch") && !options.contains("-x") && !options.contains("--exec")) {
      analysis.script(String.join(" ", p.texts.subList(wrapped, p.texts.size())), p.depth + 1,
          p.label + ": in the command run by watch, ");
    }
    int[] next = new int[wrapped - s];
    int n = 0;
    for (int j = s + 1; j <= wrapped; j++) {
      String w = p.texts.get(j);
      if (j == wrapped || !w.startsWith("-") && !Programs.isAssignmentText(w)) {
        next[n++] = j;
      }
    }
    return n == next.length ? next : java.util.Arrays.copyOf(next, n);
  }

  private void subPart(Part p, int from, int to, String runner) {
    String sub = p.label + ": the command run by " + runner + " (`"
        + Refusal.abbreviate(String.join(" ", p.texts.subList(from, to))) + "`)";
    analysis.countPart(sub);
    part(p.words.subList(from, to), p.depth, sub);
  }

  /** {@code env -S STRING}, in any spelling the table knows ({@code -iS'...'}, {@code --split-s=...}). */
  private void envSplitString(Part p, int s) {
    ProgramOptions table = ProgramOptions.table();
    Optional<ProgramOptions.Program> env = table.program("env");
    if (env.isEmpty()) {
      return;
    }
    for (Use u : OptionParser.parse(table, env.get(), p.texts, s).uses()) {
      if (u.option() != null && u.option().effect() == ProgramOptions.Effect.SUB) {
        if (u.value() == null) {
          throw Refusal.of(ShellParser.EMPTY, p.label + ": env -S is given no string");
        }
        analysis.script(u.value(), p.depth + 1, p.label + ": in the env -S string, ");
      }
    }
  }

  private void matchStrict(Part p, int start) {
    List<String> candidate = p.texts.subList(start, p.texts.size());
    for (CommandRule rule : analysis.rules().strictMatches(candidate)) {
      Decision d = analysis.rules().decision(rule, p.label);
      if (d.isDeny()) {
        throw new Refusal(d);
      }
      if (rule.layered()) {
        analysis.addLayered(d);
      }
      p.matched.add(d);
    }
  }

  /** The strictest matched rule decides; with none, the default; layered rules add to it, never replace it. */
  private void decide(Part p) {
    boolean allowNamed = false;
    if (!p.primaryShell) {
      for (CommandRule rule : analysis.rules().allowMatches(p.texts, p.mustName)) {
        p.matched.add(analysis.rules().decision(rule, p.label));
      }
      allowNamed = p.mustName >= 0 && !analysis.rules().allowMatches(p.texts, -1).isEmpty();
    }
    Decision strictest = null;
    for (Decision d : p.matched) {
      if (!analysis.isLayered(d)
          && (strictest == null || d.verdict().isStricterThan(strictest.verdict()))) {
        strictest = d;
      }
    }
    if (strictest != null) {
      analysis.record(strictest);
    } else if (!p.primaryShell) {
      String why = allowNamed ? " (an allow rule names the program, but " + p.mustWhy
          + " at `" + Refusal.abbreviate(p.texts.get(p.mustName)) + "`, so an allow rule must name the command"
          + " up to there)" : "";
      analysis.record(analysis.rules().defaultDecision(p.label + why));
    } else if (p.shellNeedsRule) {
      analysis.record(analysis.rules().defaultDecision(p.label
          + " (its assignments or shell options are not covered by the script's check)"));
    }
    for (Decision d : p.matched) {
      if (analysis.isLayered(d)) {
        analysis.record(d);
      }
    }
  }
}
