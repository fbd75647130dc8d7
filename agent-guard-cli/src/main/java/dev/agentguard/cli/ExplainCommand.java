package dev.agentguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code agent-guard explain}: every check's verdict on one call, the deciding rule and the final decision. */
@Command(
    name = "explain",
    description = "Explain, for people, how a policy judges one tool call.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the call was evaluated", "2:bad policy or usage"})
final class ExplainCommand implements Callable<Integer> {

  private static final List<String> CHECKS = List.of(CheckNames.INPUT, CheckNames.FILESYSTEM, CheckNames.NETWORK,
      CheckNames.COMMAND, CheckNames.TOOLS);

  @Spec private CommandSpec spec;

  @Mixin private GuardOptions options;

  @Option(names = "--tool", required = true, paramLabel = "NAME", description = "The tool name.")
  private String tool;

  @Option(names = "--args", paramLabel = "JSON", description = "The arguments, a JSON object (default {}).")
  private String args = "{}";

  @Option(names = "--cwd", paramLabel = "DIR", description = "The call's working directory (default: the workspace).")
  private String cwd;

  @Override
  public Integer call() throws UsageException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AgentGuard guard = options.guard(err);
    try {
      JsonNode parsed = CheckCommand.readStrict(args);
      if (parsed == null || !parsed.isObject()) {
        err.println("agent-guard explain: --args must be a JSON object");
        return Main.USAGE;
      }
    } catch (IOException e) {
      err.println("agent-guard explain: --args is not valid JSON");
      return Main.USAGE;
    }
    CallContext.Builder context = CallContext.builder();
    if (cwd != null) {
      context.workingDirectory(cwd);
    }
    Evaluation e = guard.evaluate(new ToolCall("explain", tool, args, context.build()));
    out.println("tool:      " + tool);
    out.println("arguments: " + args);
    out.println("mode:      " + guard.policy().mode().label());
    out.println("workspace: " + guard.environment().workspace());
    if (e.resources().isEmpty()) {
      out.println("resources: none");
    } else {
      out.println("resources:");
      for (Resource r : e.resources()) {
        out.println("  - " + describe(r));
      }
    }
    out.println("checks:");
    for (String check : CHECKS) {
      List<Decision> ds = e.decisionsOf(check);
      if (ds.isEmpty()) {
        out.printf("  %-10s -      (nothing to check)%n", check);
      }
      for (Decision d : ds) {
        out.printf("  %-10s %-6s %s: %s%n", check, d.verdict().label(), d.rule(), d.reason());
      }
    }
    for (Decision d : e.decisions()) {
      if (!CHECKS.contains(d.check())) {
        out.printf("  %-10s %-6s %s: %s%n", d.check(), d.verdict().label(), d.rule(), d.reason());
      }
    }
    out.println("decided by: " + e.decision().check() + " rule " + e.decision().rule());
    out.println("decision:   " + e.verdict().label().toUpperCase(java.util.Locale.ROOT)
        + (e.enforced() ? "" : " (audit mode: recorded, not enforced)") + " - " + e.decision().reason());
    out.flush();
    return Main.OK;
  }

  private static String describe(Resource r) {
    if (r instanceof Resource.FileAccess) {
      Resource.FileAccess f = (Resource.FileAccess) r;
      return "file " + f.access().name().toLowerCase(java.util.Locale.ROOT) + " " + f.path();
    }
    if (r instanceof Resource.NetworkAccess) {
      return "url " + ((Resource.NetworkAccess) r).url();
    }
    Resource.CommandExec c = (Resource.CommandExec) r;
    return "command " + (c.isCommandLine() ? c.commandLine() : String.join(" ", c.argv()));
  }
}
