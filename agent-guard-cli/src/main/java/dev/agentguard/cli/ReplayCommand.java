package dev.agentguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard replay --policy P.yaml AUDIT.jsonl [--format text|json]}: re-judges every call an audit
 * log recorded under policy P and prints each call whose decision would change, with the rule on both sides.
 *
 * <p>What the log holds is what is replayed: the tool, the arguments as logged (secrets masked by the guard,
 * long values cut), the working directory and the caller's identity. A call whose arguments were masked is
 * re-judged on the masked text and flagged {@code inexact}; one whose arguments were cut, or whose start is
 * not in this file, is listed as not replayed. DNS answers are not logged: names are judged by name alone
 * unless {@code --resolve} gives answers. Paths are resolved against today's filesystem.
 *
 * <p>Exit codes: 0 no call that ran would now be held or refused; 1 at least one would (allow → ask, allow →
 * deny, or an approved ask → deny); 2 bad input: a missing or unreadable log, a bad policy, a malformed record
 * (its line is named).
 */
@Command(
    name = "replay",
    description = "Re-judge the calls in an audit log under a policy and print what would change.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:no call that ran would now be held or refused", "1:a call that ran would now be asked or denied",
        "2:bad input (log, policy or usage)"})
final class ReplayCommand implements Callable<Integer> {

  static final int STRICTER = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Output formats. */
  enum Format { text, json }

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Mixin private GuardOptions options;

  @Parameters(index = "0", paramLabel = "AUDIT.jsonl", description = "The audit log to replay.")
  Path log;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text (for people, the default) or json (one document).")
  Format format;

  /** A call whose decision would change. */
  record Change(RecordedCalls.Call call, Decision after, List<String> inexact) {
    boolean ranAndNowHeld() {
      return call.ran && !after.isAllow();
    }
  }

  /** A call that cannot be re-judged. */
  record Skipped(RecordedCalls.Call call, String why) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(log) || !Files.isReadable(log)) {
      err.println("agent-guard: cannot read the audit log " + log);
      return Main.USAGE;
    }
    AgentGuard guard = options.guard(err);
    List<RecordedCalls.Call> calls;
    try {
      calls = RecordedCalls.read(log);
    } catch (RecordedCalls.MalformedLogException e) {
      err.println("agent-guard: " + log + ": " + e.getMessage());
      return Main.USAGE;
    } catch (IOException e) {
      err.println("agent-guard: cannot read the audit log " + log + ": " + e.getMessage());
      return Main.USAGE;
    }
    List<Change> changes = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    try (guard) {
      for (RecordedCalls.Call c : calls) {
        String why = unreplayable(c);
        if (why != null) {
          skipped.add(new Skipped(c, why));
          continue;
        }
        Evaluation e = guard.evaluate(toolCall(c));
        if (!e.decision().verdict().label().equals(c.verdict)) {
          changes.add(new Change(c, e.decision(), inexact(c, e)));
        }
      }
    }
    int replayed = calls.size() - skipped.size();
    if (format == Format.json) {
      out.println(json(calls.size(), replayed, changes, skipped));
    } else {
      text(out, calls.size(), replayed, changes, skipped);
    }
    return changes.stream().anyMatch(Change::ranAndNowHeld) ? STRICTER : Main.OK;
  }

  private static String unreplayable(RecordedCalls.Call c) {
    if (c.tool == null) {
      return "its call_started record is not in this file (an earlier, rotated file holds it)";
    }
    if (c.verdict == null) {
      return "no decision was recorded for it";
    }
    if (c.arguments.contains(RecordedCalls.TRUNCATED)) {
      return "its arguments were cut when logged";
    }
    try {
      JsonNode args = c.arguments.isBlank() ? JSON.createObjectNode() : JSON.readTree(c.arguments);
      if (args == null || !args.isObject()) {
        return "its logged arguments are not a JSON object";
      }
    } catch (IOException e) {
      return "its logged arguments are not valid JSON";
    }
    return null;
  }

  private static ToolCall toolCall(RecordedCalls.Call c) {
    CallContext.Builder ctx = CallContext.builder();
    if (c.cwd != null) {
      ctx.workingDirectory(c.cwd);
    }
    if (c.conversation != null) {
      ctx.conversationId(c.conversation);
    }
    if (c.agentId != null) {
      ctx.agentId(c.agentId);
    }
    if (c.agentName != null) {
      ctx.agentName(c.agentName);
    }
    if (c.principal != null) {
      ctx.principal(c.principal);
    }
    return new ToolCall(c.id, c.tool, c.arguments, ctx.build());
  }

  private List<String> inexact(RecordedCalls.Call c, Evaluation e) {
    List<String> why = new ArrayList<>();
    if (c.arguments.contains(RecordedCalls.REDACTED)) {
      why.add("arguments were masked in the log; judged on the masked text");
    }
    if (options.resolve.isEmpty() && e.resources().stream().anyMatch(r -> r instanceof Resource.NetworkAccess)) {
      why.add("DNS answers are not logged; host names judged by name alone (give --resolve)");
    }
    return why;
  }

  private static void text(PrintWriter out, int total, int replayed, List<Change> changes, List<Skipped> skipped) {
    for (Change ch : changes) {
      RecordedCalls.Call c = ch.call();
      out.println(c.id + " " + c.tool + " (line " + c.startedLine + "): " + c.verdict + " → "
          + ch.after().verdict().label() + (c.ran ? "  [ran]" : c.refused ? "  [was refused]" : ""));
      out.println("  before: " + c.verdict + " by " + c.rule + ": " + c.reason);
      out.println("  after:  " + ch.after().verdict().label() + " by " + ch.after().rule() + ": " + ch.after().reason());
      for (String why : ch.inexact()) {
        out.println("  inexact: " + why);
      }
    }
    for (Skipped s : skipped) {
      out.println(s.call().id + " (line " + Math.max(s.call().startedLine, s.call().decidedLine) + "): not replayed: "
          + s.why());
    }
    long held = changes.stream().filter(Change::ranAndNowHeld).count();
    out.println("replayed " + replayed + " of " + total + " calls: " + changes.size() + " would change, " + held
        + " that ran would now be asked or denied" + (skipped.isEmpty() ? "" : ", " + skipped.size() + " not replayed"));
  }

  private static String json(int total, int replayed, List<Change> changes, List<Skipped> skipped) {
    ObjectNode root = JSON.createObjectNode();
    root.put("calls", total);
    root.put("replayed", replayed);
    root.put("ranNowAskedOrDenied", changes.stream().filter(Change::ranAndNowHeld).count());
    ArrayNode changed = root.putArray("changed");
    for (Change ch : changes) {
      RecordedCalls.Call c = ch.call();
      ObjectNode n = changed.addObject();
      n.put("id", c.id).put("tool", c.tool).put("line", c.startedLine).put("ran", c.ran);
      n.putObject("before").put("decision", c.verdict).put("rule", c.rule).put("reason", c.reason);
      n.putObject("after").put("decision", ch.after().verdict().label()).put("rule", ch.after().rule())
          .put("reason", ch.after().reason());
      ArrayNode inexact = n.putArray("inexact");
      ch.inexact().forEach(inexact::add);
    }
    ArrayNode notReplayed = root.putArray("notReplayed");
    for (Skipped s : skipped) {
      notReplayed.addObject().put("id", s.call().id).put("line", Math.max(s.call().startedLine, s.call().decidedLine))
          .put("reason", s.why());
    }
    return root.toString();
  }
}
