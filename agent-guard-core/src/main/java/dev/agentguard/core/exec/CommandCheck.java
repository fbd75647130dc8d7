package dev.agentguard.core.exec;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.fs.FileSystemCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command policy. A command line is read as POSIX sh reads it (line continuations joined first, then
 * quotes, escapes and operators); every part of a compound command must pass the prefix rules; shell constructs
 * whose effect cannot be known without running a shell are denied; a trusted shell's {@code -c} script and the
 * commands run by wrappers are checked inside; options are read as each program parses them and judged by the
 * {@link ProgramOptions} table (an option that runs a program needs an allow rule naming it; a file it reads or
 * writes is judged by the filesystem policy, as are redirection targets); deny and ask rules also see the
 * program behind paths and wrappers. The strictest decision wins; a part no rule matches gets
 * {@code commands.default}. Analysis limits fail closed. Immutable and thread-safe.
 */
public final class CommandCheck implements GuardCheck {

  /** Rule id of the default decision for a command no rule matches. */
  public static final String DEFAULT_RULE = RuleIndex.DEFAULT_RULE;

  /** At most this many arguments of one command line are checked against the deny globs; past it, DENY. */
  static final int MAX_OPERAND_CHECKS = FileEffects.MAX_OPERAND_CHECKS;
  /** The rule id of a DENY for an argument naming a denied file. */
  static final String OPERAND = FileEffects.OPERAND;

  private final FileSystemCheck files;
  private final GuardLimits limits;
  private final RuleIndex rules;

  /**
   * Creates the check for {@code rules}; files the commands touch are judged by {@code files}.
   *
   * @param rules the policy's command rules and default
   * @param files the filesystem check that judges redirection targets and the files options touch
   * @param limits the analysis limits (past them, DENY)
   */
  public CommandCheck(CommandRules rules, FileSystemCheck files, GuardLimits limits) {
    this.rules = new RuleIndex(Objects.requireNonNull(rules, "rules must not be null"));
    this.files = Objects.requireNonNull(files, "files must not be null");
    this.limits = Objects.requireNonNull(limits, "limits must not be null");
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
   * Judges one command, with relative file names resolved against {@code workingDirectory} (the workspace when
   * {@code null}). Never throws for bad input: bad input is a DENY.
   *
   * @param command the command line or argv
   * @param workingDirectory the call's working directory, or {@code null} for the workspace
   * @return the decision, with the rule that decided and a reason
   */
  public Decision check(Resource.CommandExec command, String workingDirectory) {
    Objects.requireNonNull(command, "command must not be null");
    CommandAnalysis analysis = new CommandAnalysis(limits, rules, new FileEffects(files, workingDirectory));
    try {
      if (command.isCommandLine()) {
        String line = command.commandLine();
        if (line.length() > limits.maxCommandLength()) {
          return Refusal.deny("command.too-long", "the command line is " + line.length()
              + " characters, over the limit of " + limits.maxCommandLength());
        }
        analysis.script(line, 0, "");
      } else {
        analysis.argv(command.argv());
      }
      return analysis.result();
    } catch (Refusal r) {
      return r.decision();
    } catch (RuntimeException e) {
      return Refusal.deny("command.error", "the command could not be analysed: " + e.getClass().getSimpleName());
    }
  }

  /**
   * What an approval of {@code command} binds: what this check judged, resolved now. Two commands with the
   * same binding run the same programs on the same files in the same directory.
   *
   * @param lines the bound facts: the working directory's real path; for every simple command the check walked
   *     (inside {@code sh -c} scripts and behind wrappers too) its words after quote removal, with the
   *     characters the shell still interprets marked; the separators and redirections; each program resolved to
   *     the real path and identity of the file that runs; the real path of every file argument and effect
   * @param identities the identities (where the platform gives one) of the files and the directory, compared
   *     between the approval and the run but not part of what a session approval is reused for
   */
  public record Binding(List<String> lines, List<String> identities) {

    /**
     * Validates and copies the components.
     *
     * @param lines the bound facts
     * @param identities the identities of the files and the directory
     */
    public Binding {
      lines = List.copyOf(lines);
      identities = List.copyOf(identities);
    }
  }

  /**
   * Resolves what an approval of {@code command} binds, run in {@code workingDirectory} with {@code searchPath}
   * as {@code PATH}. Never throws for bad input: a command the check refuses binds its refusal, which matches no
   * approval of a command it allowed or asked for.
   *
   * @param command the command line or argv
   * @param workingDirectory where it runs, or {@code null} for the workspace
   * @param searchPath the {@code PATH} bare program names are looked up on ({@code null}: none)
   * @return the binding
   */
  public Binding bind(Resource.CommandExec command, String workingDirectory, String searchPath) {
    Objects.requireNonNull(command, "command must not be null");
    CommandBinder binder = new CommandBinder(files, workingDirectory, searchPath);
    CommandAnalysis analysis = new CommandAnalysis(limits, rules, new FileEffects(files, workingDirectory), binder);
    try {
      if (command.isCommandLine()) {
        if (command.commandLine().length() > limits.maxCommandLength()) {
          throw Refusal.of("command.too-long", "too long");
        }
        analysis.script(command.commandLine(), 0, "");
      } else {
        analysis.argv(command.argv());
      }
      Decision d = analysis.result();
      if (d.isDeny()) {
        binder.refused(d.rule());
      }
    } catch (Refusal r) {
      binder.refused(r.decision().rule());
    } catch (RuntimeException e) {
      binder.refused("command.error");
    }
    return new Binding(binder.lines(), binder.identities());
  }

  /** The filesystem check that judges the files commands touch. */
  FileSystemCheck files() {
    return files;
  }
}
