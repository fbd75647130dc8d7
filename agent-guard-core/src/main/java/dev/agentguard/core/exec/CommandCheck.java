package dev.agentguard.core.exec;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.CheckNames;
import dev.agentguard.core.CheckRequest;
import dev.agentguard.core.GuardCheck;
import dev.agentguard.core.GuardLimits;
import dev.agentguard.core.fs.FileSystemCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The command policy: every part of a command must pass the prefix rules; redirections are checked by the
 * filesystem policy. (Foundation version: shell constructs are denied outright; the full tokenizer follows.)
 */
public final class CommandCheck implements GuardCheck {

  private final CommandRules rules;
  private final FileSystemCheck files;
  private final GuardLimits limits;

  /** Creates the check for {@code rules}; redirection targets are judged by {@code files}. */
  public CommandCheck(CommandRules rules, FileSystemCheck files, GuardLimits limits) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.files = Objects.requireNonNull(files, "files must not be null");
    this.limits = Objects.requireNonNull(limits, "limits must not be null");
  }

  @Override
  public String name() {
    return CheckNames.COMMAND;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    List<Decision> out = new ArrayList<>();
    String cwd = request.call().context().workingDirectory().orElse(null);
    for (Resource r : request.resources()) {
      if (r instanceof Resource.CommandExec) {
        out.add(check((Resource.CommandExec) r, cwd));
      }
    }
    return out;
  }

  /** Judges one command, with relative redirection targets resolved against {@code workingDirectory}. */
  public Decision check(Resource.CommandExec command, String workingDirectory) {
    Objects.requireNonNull(command, "command must not be null");
    List<String> argv;
    if (command.isCommandLine()) {
      String line = command.commandLine();
      if (line.length() > limits.maxCommandLength()) {
        return Decision.deny(CheckNames.COMMAND, "command.too-long", "command line is too long");
      }
      if (line.chars().anyMatch(c -> ";&|<>`$(){}\\\"'\n\r".indexOf(c) >= 0 || c < 0x20)) {
        return Decision.deny(CheckNames.COMMAND, "command.shell-syntax",
            "command uses shell syntax that is not analysed");
      }
      argv = Arrays.asList(line.trim().split("\\s+"));
    } else {
      argv = command.argv();
    }
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      return Decision.deny(CheckNames.COMMAND, "command.empty", "empty command");
    }
    Decision best = null;
    for (CommandRule rule : rules.rules()) {
      if (argv.size() >= rule.prefix().size() && argv.subList(0, rule.prefix().size()).equals(rule.prefix())) {
        if (best == null || rule.decision().isStricterThan(best.verdict())) {
          best = new Decision(rule.decision(), CheckNames.COMMAND, rule.id(),
              rule.reason().isEmpty() ? "command matches " + rule.id() : rule.reason());
        }
      }
    }
    if (best != null) {
      return best;
    }
    return new Decision(rules.defaultDecision(), CheckNames.COMMAND, "commands.default",
        "no command rule matched; commands.default is " + rules.defaultDecision().label());
  }

  FileSystemCheck files() {
    return files;
  }

  Verdict defaultDecision() {
    return rules.defaultDecision();
  }
}
