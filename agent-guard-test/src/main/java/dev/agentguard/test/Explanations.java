package dev.agentguard.test;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;

/** Renders evaluations and decisions for failure messages: every check's verdict, the rule, the reason. */
final class Explanations {

  private static final int MAX_ARGUMENTS = 400;

  private Explanations() {}

  /** One line naming the call: tool and (shortened) arguments. */
  static String describe(ToolCall call) {
    String args = call.argumentsJson();
    if (args.length() > MAX_ARGUMENTS) {
      args = args.substring(0, MAX_ARGUMENTS) + "... (" + call.argumentsJson().length() + " chars)";
    }
    return call.toolName() + " " + args;
  }

  /** Several lines: the call, the final decision, every check's decision and the resources. */
  static String explain(Evaluation e) {
    StringBuilder sb = new StringBuilder();
    sb.append("  call:     ").append(describe(e.call())).append('\n');
    CallContext c = e.call().context();
    c.workingDirectory().ifPresent(w -> sb.append("  cwd:      ").append(w).append('\n'));
    c.conversationId().ifPresent(w -> sb.append("  conversation: ").append(w).append('\n'));
    sb.append("  decision: ").append(e.decision()); // Decision.toString: "deny by check/rule: reason"
    if (!e.enforced()) {
      sb.append(" (audit mode: recorded, not enforced)");
    }
    sb.append('\n');
    sb.append("  every check's verdict:\n");
    if (e.decisions().isEmpty()) {
      sb.append("    (none)\n");
    }
    for (Decision d : e.decisions()) {
      sb.append("    ")
          .append(pad(d.check(), 11))
          .append(pad(d.verdict().label(), 6))
          .append(d.rule())
          .append(": ")
          .append(d.reason())
          .append('\n');
    }
    if (!e.resources().isEmpty()) {
      sb.append("  resources:\n");
      for (Resource r : e.resources()) {
        sb.append("    ").append(describe(r)).append('\n');
      }
    }
    return sb.toString();
  }

  static String describe(Resource r) {
    if (r instanceof Resource.FileAccess f) {
      return "file " + f.access().name().toLowerCase(java.util.Locale.ROOT) + " " + f.path();
    }
    if (r instanceof Resource.NetworkAccess n) {
      return "url " + n.url();
    }
    Resource.CommandExec c = (Resource.CommandExec) r;
    return "command " + (c.isCommandLine() ? c.commandLine() : String.valueOf(c.argv()));
  }

  private static String pad(String s, int width) {
    StringBuilder sb = new StringBuilder(s);
    sb.append(' ');
    while (sb.length() < width) {
      sb.append(' ');
    }
    return sb.toString();
  }
}
