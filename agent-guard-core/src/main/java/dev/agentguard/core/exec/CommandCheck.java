package dev.agentguard.core.exec;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.check.UntrustedText;
import dev.agentguard.core.fs.FileSystemCheck;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The command policy (DESIGN.md §3, Command). A command line is tokenised as POSIX sh would; every part of a
 * compound command must pass the prefix rules; shell constructs whose effect cannot be known without running a
 * shell are denied; {@code sh -c} scripts are checked inside; redirection targets are checked by the filesystem
 * policy; deny and ask rules also see the program behind paths and wrappers. The strictest decision wins; a part
 * no rule matches gets {@code commands.default}. Analysis limits fail closed. Immutable and thread-safe.
 */
public final class CommandCheck implements GuardCheck {

  /** Rule id of the default decision for a command no rule matches. */
  public static final String DEFAULT_RULE = "commands.default";

  private static final Set<String> HARMLESS_TARGETS = Set.of(
      "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/fd/0", "/dev/fd/1", "/dev/fd/2");

  /** Most programs looked at behind wrappers in one part ({@code sudo env nohup ...}). */
  private static final int MAX_WRAPPERS = 32;
  /** At most this many arguments of one command line are checked against the deny globs; past it, DENY. */
  static final int MAX_OPERAND_CHECKS = 2048;
  /** The rule id of a DENY for an argument naming a denied file. */
  static final String OPERAND = "command.denied-file-argument";

  private final CommandRules rules;
  private final FileSystemCheck files;
  private final GuardLimits limits;
  /**
   * Allow rules by their first token, in policy order: an allow rule matches only words starting with exactly
   * that token, so a lookup finds the same rules a scan would, at a cost independent of the rule count.
   */
  private final Map<String, List<CommandRule>> allowRules;
  /**
   * Deny and ask rules by their program as {@link Programs#normalize} reads it, in policy order: a strict rule
   * matches only words whose program normalises the same (see {@link RuleMatcher#matchesLoosely}).
   */
  private final Map<String, List<CommandRule>> strictRules;

  /** Creates the check for {@code rules}; redirection targets are judged by {@code files}. */
  public CommandCheck(CommandRules rules, FileSystemCheck files, GuardLimits limits) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.files = Objects.requireNonNull(files, "files must not be null");
    this.limits = Objects.requireNonNull(limits, "limits must not be null");
    Map<String, List<CommandRule>> allow = new HashMap<>();
    Map<String, List<CommandRule>> strict = new HashMap<>();
    for (CommandRule rule : rules.rules()) {
      if (rule.decision() == Verdict.ALLOW) {
        allow.computeIfAbsent(rule.prefix().get(0), k -> new ArrayList<>()).add(rule);
      } else {
        strict.computeIfAbsent(Programs.normalize(rule.prefix().get(0)), k -> new ArrayList<>()).add(rule);
      }
    }
    this.allowRules = frozen(allow);
    this.strictRules = frozen(strict);
  }

  private static Map<String, List<CommandRule>> frozen(Map<String, List<CommandRule>> byKey) {
    Map<String, List<CommandRule>> out = new HashMap<>();
    byKey.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  @Override
  public String name() {
    return CheckNames.COMMAND;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    List<Decision> out = new ArrayList<>();
    String cwd = request.call().context().workingDirectory().orElse(null);
    for (Resource r : request.resources()) {
      if (r instanceof Resource.CommandExec) {
        out.add(check((Resource.CommandExec) r, cwd));
      }
    }
    return out;
  }

  /**
   * Judges one command, with relative redirection targets resolved against {@code workingDirectory} (the
   * workspace when {@code null}). Never throws for bad input: bad input is a DENY.
   */
  public Decision check(Resource.CommandExec command, String workingDirectory) {
    Objects.requireNonNull(command, "command must not be null");
    Analysis analysis = new Analysis(workingDirectory);
    try {
      if (command.isCommandLine()) {
        String line = command.commandLine();
        if (line.length() > limits.maxCommandLength()) {
          return deny("command.too-long", "the command line is " + line.length()
              + " characters, over the limit of " + limits.maxCommandLength());
        }
        analysis.script(line, 0, "");
      } else {
        analysis.argv(command.argv());
      }
      return analysis.result();
    } catch (Refusal r) {
      return r.decision;
    } catch (RuntimeException e) {
      return deny("command.error", "the command could not be analysed: " + e.getClass().getSimpleName());
    }
  }

  /** The filesystem check that judges redirection targets. */
  FileSystemCheck files() {
    return files;
  }

  private static Decision deny(String rule, String reason) {
    return Decision.deny(CheckNames.COMMAND, rule, reason);
  }

  /** Unwinds the analysis at the first DENY. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Decision decision;

    Refusal(Decision decision) {
      super(decision.reason(), null, false, false);
      this.decision = decision;
    }
  }

  private static Refusal refuse(String rule, String reason) {
    return new Refusal(deny(rule, reason));
  }

  /** The state of one call's analysis. Not thread-safe; one per call. */
  private final class Analysis {
    private String cwd;
    private boolean cwdKnown = true;
    /** With no working directory given: where relative {@code cd}s led, relative to the workspace. */
    private String relativeCwd;
    private int parts;
    private int operandChecks;
    private Decision firstAsk;
    private Decision firstAllow;
    /** Matched decisions of rules from later policy layers (by identity). */
    private final java.util.Set<Decision> layeredMatches =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    Analysis(String cwd) {
      this.cwd = cwd;
    }

    Decision result() {
      if (firstAsk != null) {
        return firstAsk;
      }
      if (firstAllow == null) {
        return deny(ShellParser.EMPTY, "the command has nothing to run");
      }
      if (parts == 1) {
        return firstAllow;
      }
      return Decision.allow(CheckNames.COMMAND, firstAllow.rule(),
          "all " + parts + " parts are allowed; " + firstAllow.reason());
    }

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

    void countPart(String label) {
      parts++;
      if (parts > limits.maxCommandParts()) {
        throw refuse("command.too-many-parts", "the command has more than " + limits.maxCommandParts()
            + " parts (at " + label.trim() + "); it is not analysed further");
      }
    }

    void argv(List<String> argv) {
      if (argv.isEmpty()) {
        throw refuse(ShellParser.EMPTY, "the command's argv is empty");
      }
      long length = 0;
      List<ShellWord> words = new ArrayList<>(argv.size());
      for (String a : argv) {
        length += a.length() + 1;
        try {
          ShellParser.checkCharacters(a);
        } catch (ShellRejection e) {
          throw refuse(e.rule(), "argument " + words.size() + ": " + e.getMessage());
        }
        words.add(ShellWord.literal(a));
      }
      if (length > limits.maxCommandLength()) {
        throw refuse("command.too-long", "the command's argv is " + length + " characters, over the limit of "
            + limits.maxCommandLength());
      }
      String label = "the command (`" + abbreviate(String.join(" ", argv)) + "`)";
      countPart(label);
      part(words, 0, label);
    }

    void script(String text, int depth, String where) {
      if (depth > limits.maxShellNesting()) {
        throw refuse("command.too-deep", where + "shell scripts are nested more than "
            + limits.maxShellNesting() + " levels deep");
      }
      List<SimpleCommand> commands;
      try {
        commands = ShellParser.parse(text);
      } catch (ShellRejection e) {
        throw refuse(e.rule(), where + e.getMessage());
      }
      for (int i = 0; i < commands.size(); i++) {
        SimpleCommand sc = commands.get(i);
        String label = where + "part " + (i + 1) + " of " + commands.size() + " (`"
            + abbreviate(String.join(" ", sc.texts())) + "`)";
        countPart(label);
        redirects(sc.redirects(), label);
        part(sc.words(), depth, label);
      }
    }

    private void redirects(List<SimpleCommand.Redirect> redirects, String label) {
      for (SimpleCommand.Redirect r : redirects) {
        String op = r.operator();
        ShellWord target = r.target();
        String t = target.text();
        String shown = "'" + r.fd() + op + " " + t + "'";
        if ((op.equals(">&") || op.equals("<&")) && t.matches("[0-9]{0,9}-?") && !t.isEmpty()) {
          continue;
        }
        if (target.hasGlob()) {
          throw refuse("command.glob", label + ": redirection " + shown + " uses a glob pattern");
        }
        if (t.isEmpty()) {
          throw refuse(ShellParser.REDIRECT, label + ": redirection " + shown + " has an empty target");
        }
        if (target.startsWithTilde()) {
          if (!t.equals("~") && !t.startsWith("~/")) {
            throw refuse(ShellParser.EXPANSION, label + ": tilde expansion in redirection " + shown
                + " is not analysed");
          }
        } else if (t.startsWith("~")) {
          t = "./" + t;
        }
        if (HARMLESS_TARGETS.contains(t)) {
          continue;
        }
        try {
          Path normal = Path.of(t).normalize();
          if (normal.startsWith("/dev/tcp") || normal.startsWith("/dev/udp")) {
            throw refuse(ShellParser.REDIRECT, label + ": redirection " + shown
                + " opens a network connection");
          }
        } catch (InvalidPathException e) {
          throw refuse(ShellParser.REDIRECT, label + ": redirection " + shown + " has an invalid path");
        }
        boolean relative = !t.startsWith("/") && !t.startsWith("~");
        if (relative && !cwdKnown) {
          throw refuse(ShellParser.REDIRECT, label + ": redirection " + shown
              + " is relative to a directory changed earlier in the command, which is not tracked");
        }
        if (relative && relativeCwd != null) {
          t = relativeCwd + "/" + t;
        }
        List<Access> accesses = op.equals("<") || op.equals("<&") ? List.of(Access.READ)
            : op.equals("<>") ? List.of(Access.READ, Access.WRITE) : List.of(Access.WRITE);
        for (Access access : accesses) {
          Decision d = files.check(t, access, cwd);
          if (!d.isAllow()) {
            record(new Decision(d.verdict(), CheckNames.COMMAND, ShellParser.REDIRECT, label + ": redirection "
                + shown + " (" + access.name().toLowerCase(java.util.Locale.ROOT) + ") is refused by the "
                + "filesystem policy (" + d.rule() + "): " + d.reason()));
          }
        }
      }
    }

    /** Judges one simple command's words (assignments first). */
    private void part(List<ShellWord> words, int depth, String label) {
      if (words.isEmpty()) {
        record(defaultDecision(label));
        return;
      }
      List<String> texts = new ArrayList<>(words.size());
      for (ShellWord w : words) {
        texts.add(w.text());
      }
      int first = 0;
      while (first < words.size() && words.get(first).isAssignment()) {
        first++;
      }
      List<Decision> matched = new ArrayList<>();
      boolean primaryShell = false;
      boolean shellNeedsRule = false;
      ArrayDeque<Integer> todo = new ArrayDeque<>();
      Set<Integer> seen = new HashSet<>();
      if (first > 0) {
        matchStrict(texts, 0, label, matched);
      }
      if (first < words.size()) {
        todo.add(first);
        seen.add(first);
      }
      int looked = 0;
      while (!todo.isEmpty()) {
        int s = todo.poll();
        if (++looked > MAX_WRAPPERS) {
          throw refuse("command.too-deep", label + ": more than " + MAX_WRAPPERS
              + " wrapped programs in one command");
        }
        ShellWord program = words.get(s);
        String name = Programs.normalize(program.text());
        if (program.text().isEmpty()) {
          throw refuse(ShellParser.EMPTY, label + ": the program name is empty");
        }
        if (program.hasGlob()) {
          throw refuse("command.glob", label + ": the program name '" + program.text()
              + "' is a glob pattern, which could run another program");
        }
        if (Programs.RESERVED.contains(program.text())) {
          throw refuse("command.compound", label + ": the shell keyword '" + program.text()
              + "' starts a compound command, which is not analysed");
        }
        if (name.equals("eval")) {
          throw refuse("command.eval", label + ": eval runs text as a command, which is not analysed");
        }
        matchStrict(texts, s, label, matched);
        if (Programs.gitConfig(texts, s) == Programs.GitConfig.DANGEROUS) {
          throw refuse("command.git-config", label + ": a git -c/--config-env/--exec-path setting can make git"
              + " run another program");
        }
        int script = Programs.isShell(name) ? Programs.shellScript(texts, s)
            : name.equals("su") || name.equals("runuser") ? Programs.suCommand(texts, s) : -1;
        if (script >= 0) {
          if (script >= texts.size()) {
            throw refuse(ShellParser.EMPTY, label + ": " + name + " -c is given no script");
          }
          String code = texts.get(script);
          if (code.startsWith("--command=")) {
            code = code.substring("--command=".length());
          }
          if (s == first) {
            primaryShell = true;
            if (first > 0 || !Programs.isShell(name) || !Programs.shellOptionsAreSafe(texts, s, script)) {
              shellNeedsRule = true;
            }
          }
          nested(code, depth, label + ": in the " + name + " -c script, ");
        }
        for (String embedded : Programs.embeddedScripts(texts, s)) {
          nested(embedded, depth, label + ": in the command run by " + name + ", ");
        }
        for (int[] action : Programs.findActions(texts, s)) {
          if (action[0] >= action[1]) {
            throw refuse(ShellParser.EMPTY, label + ": find -exec is given no command");
          }
          String sub = label + ": the command run by find (`"
              + abbreviate(String.join(" ", texts.subList(action[0], action[1]))) + "`)";
          countPart(sub);
          part(words.subList(action[0], action[1]), depth, sub);
        }
        if (!Programs.isWrapper(name)) {
          continue;
        }
        int wrapped = Programs.wrappedProgram(texts, s);
        if (name.equals("env")) {
          envSplitString(texts, s, depth, label);
        }
        if (wrapped < 0) {
          if (name.equals("xargs")) {
            String sub = label + ": the command run by xargs (`echo`)";
            countPart(sub);
            part(List.of(ShellWord.literal("echo")), depth, sub);
          }
          continue;
        }
        if (name.equals("xargs")) {
          String sub = label + ": the command run by xargs (`"
              + abbreviate(String.join(" ", texts.subList(wrapped, texts.size()))) + "`)";
          countPart(sub);
          part(words.subList(wrapped, words.size()), depth, sub);
          continue;
        }
        if (name.equals("watch") && !texts.subList(s, wrapped).contains("-x")
            && !texts.subList(s, wrapped).contains("--exec")) {
          nested(String.join(" ", texts.subList(wrapped, texts.size())), depth,
              label + ": in the command run by watch, ");
        }
        for (int j = s + 1; j <= wrapped; j++) {
          String w = texts.get(j);
          if ((j == wrapped || !w.startsWith("-") && !Programs.isAssignmentText(w)) && seen.add(j)) {
            todo.add(j);
          }
        }
      }
      operands(words, first, label);
      trackDirectory(texts, first, depth);
      if (!primaryShell) {
        int mustName = -1;
        if (first < texts.size()) {
          mustName = Math.max(Programs.inlineCode(texts, first), Programs.gitSettingsEnd(texts, first));
        }
        List<CommandRule> candidates = texts.isEmpty() ? List.of()
            : allowRules.getOrDefault(texts.get(0), List.of());
        for (CommandRule rule : candidates) {
          if (rule.prefix().size() > mustName && RuleMatcher.matchesExactly(rule.prefix(), texts)) {
            matched.add(ruleDecision(rule, label));
          }
        }
      }
      Decision strictest = null;
      for (Decision d : matched) {
        if (!layeredMatches.contains(d)
            && (strictest == null || d.verdict().isStricterThan(strictest.verdict()))) {
          strictest = d;
        }
      }
      if (strictest != null) {
        record(strictest);
      } else if (!primaryShell) {
        record(defaultDecision(label));
      } else if (shellNeedsRule) {
        record(defaultDecision(label + " (its assignments or shell options are not covered by the script's"
            + " check)"));
      }
      // Rules from later policy layers add to the decision above, never replace it.
      for (Decision d : matched) {
        if (layeredMatches.contains(d)) {
          record(d);
        }
      }
    }

    /**
     * Arguments that name a file the policy's deny globs refuse ({@code cat .env}, {@code cat link-to-key}) make
     * the command DENY, whatever rule allows the program: a deny glob always wins. Relative operands are judged
     * against the working directory as it is known; after an untracked {@code cd}, against the workspace, the
     * home and the root directory.
     */
    private void operands(List<ShellWord> words, int first, String label) {
      for (int i = first + 1; i < words.size(); i++) {
        ShellWord w = words.get(i);
        String t = w.text();
        int eq = t.indexOf('=');
        if (eq >= 0 && eq + 1 < t.length()) {
          // --file=PATH, if=PATH (dd): the value may be a path; a ~ there is read as the home (the stricter way)
          String value = t.substring(eq + 1);
          operand(value.equals("~") || value.startsWith("~/") ? value : literal(value), w.text(), label);
        }
        if (t.isEmpty() || t.startsWith("-")) {
          continue;
        }
        if (w.hasGlob()) {
          globOperand(w, label);
          continue;
        }
        if (w.startsWithTilde() && !t.equals("~") && !t.startsWith("~/")) {
          throw refuse(ShellParser.EXPANSION, label + ": tilde expansion in argument '" + abbreviate(t)
              + "' is not analysed");
        }
        operand(w.startsWithTilde() ? t : literal(t), t, label);
      }
    }

    private static String literal(String t) {
      return t.startsWith("~") ? "./" + t : t;
    }

    private void operand(String t, String shown, String label) {
      boolean relative = !t.startsWith("/") && !t.startsWith("~");
      if (relative && !cwdKnown) {
        // the directory is unknown (cd -, cd ~, a cd inside sh -c): judge the name where it most likely lands
        GuardEnvironment env = files.environment();
        for (Path base : List.of(env.workspace(), env.home(), Path.of("/"))) {
          try {
            operandAt(base.resolve(t).toString(), shown, label);
          } catch (InvalidPathException e) {
            return;
          }
        }
        return;
      }
      if (relative && relativeCwd != null) {
        t = relativeCwd + "/" + t;
      }
      operandAt(t, shown, label);
    }

    private void operandAt(String t, String shown, String label) {
      if (++operandChecks > MAX_OPERAND_CHECKS) {
        throw refuse("command.too-long", label + ": more than " + MAX_OPERAND_CHECKS
            + " arguments to check against the filesystem deny globs");
      }
      Decision d = files.check(t, Access.READ, cwd);
      if (d.isDeny() && FileSystemCheck.RULE_DENY_GLOB.equals(d.rule())) {
        record(Decision.deny(CheckNames.COMMAND, OPERAND, label + ": argument '" + abbreviate(shown)
            + "' names a file the filesystem policy denies (" + d.rule() + "): " + d.reason()));
      }
    }

    /**
     * Expands a glob argument as sh would (a leading dot only matched by a literal dot) against the files that
     * exist now, and judges every match: {@code cat .e*} must not reach {@code .env}. Fails closed past a limit.
     */
    private void globOperand(ShellWord w, String label) {
      String text = w.text();
      GuardEnvironment env = files.environment();
      int from = 0;
      Path start;
      try {
        if (text.startsWith("/")) {
          start = Path.of("/");
        } else if (w.startsWithTilde()) {
          if (!text.equals("~") && !text.startsWith("~/")) {
            throw refuse(ShellParser.EXPANSION, label + ": tilde expansion in argument '" + abbreviate(text)
                + "' is not analysed");
          }
          start = env.home();
          from = 1;
        } else {
          if (!cwdKnown) {
            return;
          }
          start = cwd != null ? env.workspace().resolve(cwd) : env.workspace();
          if (relativeCwd != null) {
            start = start.resolve(relativeCwd);
          }
        }
      } catch (InvalidPathException e) {
        return;
      }
      List<Path> current = new ArrayList<>(List.of(start));
      int i = from;
      while (i <= text.length()) {
        int end = i;
        while (end < text.length() && text.charAt(end) != '/') {
          end++;
        }
        if (end > i) {
          StringBuilder regex = new StringBuilder();
          boolean glob = globSegment(w, i, end, regex);
          List<Path> next = new ArrayList<>();
          for (Path p : current) {
            if (!glob) {
              try {
                next.add(p.resolve(text.substring(i, end)));
              } catch (InvalidPathException e) {
                return;
              }
              continue;
            }
            Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
            boolean dotOk = text.charAt(i) == '.';
            if (!Files.isDirectory(p)) {
              continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
              for (Path e : entries) {
                String n = e.getFileName().toString();
                if (++operandChecks > MAX_OPERAND_CHECKS) {
                  throw refuse("command.too-long", label + ": the glob '" + abbreviate(text) + "' matches more than "
                      + MAX_OPERAND_CHECKS + " files to check against the filesystem deny globs");
                }
                if ((dotOk || !n.startsWith(".")) && pattern.matcher(n).matches()) {
                  next.add(e);
                }
              }
            } catch (IOException | DirectoryIteratorException e) {
              // unreadable: nothing the shell could expand there either
            }
          }
          current = next;
        }
        i = end + 1;
      }
      for (Path p : current) {
        if (++operandChecks > MAX_OPERAND_CHECKS) {
          throw refuse("command.too-long", label + ": the glob '" + abbreviate(text) + "' matches more than "
              + MAX_OPERAND_CHECKS + " files to check against the filesystem deny globs");
        }
        Decision d = files.check(p.toString(), Access.READ, cwd);
        if (d.isDeny() && FileSystemCheck.RULE_DENY_GLOB.equals(d.rule())) {
          record(Decision.deny(CheckNames.COMMAND, OPERAND, label + ": argument '" + abbreviate(text)
              + "' expands to '" + abbreviate(p.toString()) + "', a file the filesystem policy denies ("
              + d.rule() + "): " + d.reason()));
        }
      }
    }

    private void nested(String code, int depth, String where) {
      script(code, depth + 1, where);
    }

    private void envSplitString(List<String> texts, int s, int depth, String label) {
      for (int i = s + 1; i < texts.size(); i++) {
        String w = texts.get(i);
        String split = null;
        if ((w.equals("-S") || w.equals("--split-string")) && i + 1 < texts.size()) {
          split = texts.get(i + 1);
        } else if (w.startsWith("--split-string=")) {
          split = w.substring("--split-string=".length());
        } else if (w.startsWith("-S") && w.length() > 2) {
          split = w.substring(2);
        }
        if (split != null) {
          nested(split, depth, label + ": in the env -S string, ");
          return;
        }
        if (!w.startsWith("-")) {
          return;
        }
      }
    }

    private void trackDirectory(List<String> texts, int first, int depth) {
      boolean changes = false;
      for (int i = first; i < texts.size(); i++) {
        String name = Programs.normalize(texts.get(i));
        if (name.equals("cd") || name.equals("pushd") || name.equals("popd") || name.equals("chdir")) {
          changes = true;
          break;
        }
        if (!Programs.isWrapper(name) && i > first) {
          break;
        }
      }
      if (!changes) {
        return;
      }
      List<String> operands = new ArrayList<>();
      boolean plainCd = Programs.normalize(texts.get(first)).equals("cd");
      for (int i = first + 1; i < texts.size(); i++) {
        operands.add(texts.get(i));
      }
      if (depth == 0 && plainCd && operands.size() == 1 && operands.get(0).startsWith("/") && cwdKnown) {
        try {
          cwd = Path.of(operands.get(0)).normalize().toString();
          relativeCwd = null;
          return;
        } catch (InvalidPathException e) {
          // fall through: unknown
        }
      } else if (depth == 0 && plainCd && operands.size() == 1 && cwdKnown && cwd != null
          && !operands.get(0).startsWith("-") && !operands.get(0).startsWith("~")) {
        try {
          cwd = Path.of(cwd).resolve(operands.get(0)).normalize().toString();
          return;
        } catch (InvalidPathException e) {
          // fall through: unknown
        }
      } else if (depth == 0 && plainCd && operands.size() == 1 && cwdKnown && cwd == null
          && !operands.get(0).startsWith("-") && !operands.get(0).startsWith("~") && !operands.get(0).isEmpty()) {
        relativeCwd = relativeCwd == null ? operands.get(0) : relativeCwd + "/" + operands.get(0);
        return;
      }
      cwdKnown = false;
    }

    private void matchStrict(List<String> texts, int start, String label, List<Decision> matched) {
      List<String> candidate = texts.subList(start, texts.size());
      if (candidate.isEmpty()) {
        return;
      }
      for (CommandRule rule : strictRules.getOrDefault(Programs.normalize(candidate.get(0)), List.of())) {
        if (RuleMatcher.matchesLoosely(rule.prefix(), candidate)) {
          Decision d = ruleDecision(rule, label);
          if (d.isDeny()) {
            throw new Refusal(d);
          }
          if (rule.layered()) {
            layeredMatches.add(d);
          }
          matched.add(d);
        }
      }
    }

    private Decision ruleDecision(CommandRule rule, String label) {
      String why = rule.reason().isEmpty() ? "matches " + rule.decision().label() + " rule " + rule.id()
          : rule.reason() + " (" + rule.id() + ")";
      return new Decision(rule.decision(), CheckNames.COMMAND, rule.id(), label.trim() + ": " + why);
    }

    private Decision defaultDecision(String label) {
      return new Decision(rules.defaultDecision(), CheckNames.COMMAND, DEFAULT_RULE, label.trim()
          + ": no command rule matched; commands.default is " + rules.defaultDecision().label());
    }
  }

  /**
   * Appends the regex for sh pattern {@code w[from, to)} (one path segment) and tells whether it has an unquoted
   * glob character.
   */
  static boolean globSegment(ShellWord w, int from, int to, StringBuilder regex) {
    String t = w.text();
    boolean glob = false;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (w.isQuoted(i)) {
        regex.append(Pattern.quote(String.valueOf(c)));
      } else if (c == '*') {
        regex.append(".*");
        glob = true;
      } else if (c == '?') {
        regex.append('.');
        glob = true;
      } else if (c == '[') {
        int close = -1;
        for (int j = i + 2; j < to; j++) {
          if (t.charAt(j) == ']' && !w.isQuoted(j)) {
            close = j;
            break;
          }
        }
        if (close < 0) {
          regex.append(Pattern.quote("["));
          continue;
        }
        regex.append('[');
        int j = i + 1;
        if (t.charAt(j) == '!' || t.charAt(j) == '^') {
          regex.append('^');
          j++;
        }
        for (; j < close; j++) {
          char b = t.charAt(j);
          if (Character.isLetterOrDigit(b) || b == '-') {
            regex.append(b);
          } else {
            regex.append('\\').append(b);
          }
        }
        regex.append(']');
        glob = true;
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return glob;
  }

  private static String abbreviate(String s) {
    return UntrustedText.printable(s, 80);
  }
}
