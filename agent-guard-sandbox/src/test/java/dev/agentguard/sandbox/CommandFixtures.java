package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.exec.CommandRules;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A command policy shared by the command tests. */
final class CommandFixtures {

  private CommandFixtures() {}

  static final List<List<String>> ALLOWED = List.of(
      List.of("git", "status"), List.of("git", "commit"), List.of("git", "log"), List.of("git", "diff"),
      List.of("ls"), List.of("echo"), List.of("grep"), List.of("cat"), List.of("find"), List.of("awk"),
      List.of("python3"), List.of("node"), List.of("perl"), List.of("xargs"), List.of("pwd"), List.of("wc"),
      List.of("sort"), List.of("true"), List.of("cd"),
      List.of("sed"), List.of("rg"), List.of("tar"), List.of("ssh"), List.of("rsync"), List.of("git", "rebase"),
      List.of("git", "submodule"), List.of("git", "bisect"), List.of("git", "grep"));

  static CommandRules rules() {
    List<CommandRule> rules = new ArrayList<>();
    for (List<String> prefix : ALLOWED) {
      rules.add(CommandRule.of(prefix, Verdict.ALLOW));
    }
    rules.add(CommandRule.of(List.of("rm", "-rf"), Verdict.DENY));
    rules.add(CommandRule.of(List.of("curl"), Verdict.DENY));
    rules.add(CommandRule.of(List.of("shutdown"), Verdict.DENY));
    rules.add(CommandRule.of(List.of("git", "push"), Verdict.ASK));
    return new CommandRules(rules, Verdict.ASK);
  }

  static CommandCheck check(Path workspace, Path home) {
    return check(workspace, home, GuardLimits.DEFAULTS);
  }

  static CommandCheck check(Path workspace, Path home, GuardLimits limits) {
    GuardEnvironment env = new GuardEnvironment(workspace, home, workspace.resolve("tmp"));
    FileSystemRules fs = new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of(), Verdict.DENY, List.of());
    return new CommandCheck(rules(), new FileSystemCheck(fs, env), limits);
  }

  static Decision line(CommandCheck check, String line) {
    return check.check(Resource.CommandExec.line(line), null);
  }
}
