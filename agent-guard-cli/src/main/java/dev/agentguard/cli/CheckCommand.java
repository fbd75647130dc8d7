package dev.agentguard.cli;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.core.AgentGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard check}: evaluates tool calls (a JSONL batch, or one call) and prints one JSON line per call:
 * {@code {"id":..,"decision":"allow|ask|deny","rule":..,"reason":..}}. Nothing is executed and nobody is asked.
 */
@Command(
    name = "check",
    description = "Evaluate tool calls against a policy; one JSON line per call on stdout.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every call was evaluated, whatever the decisions", "2:bad policy or usage"})
final class CheckCommand implements Callable<Integer> {

  /** The rule reported for a line that is not a valid call. */
  static final String INVALID_CALL = "invalid-call";

  static final ObjectMapper JSON = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build())
      .build();

  @Spec private CommandSpec spec;

  @Mixin private GuardOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Input input;

  static final class Input {
    @Option(names = "--calls", paramLabel = "CALLS.jsonl",
        description = "One call per line: {\"id\",\"tool\",\"arguments\",\"cwd\"}; - reads stdin.")
    Path calls;

    @ArgGroup(exclusive = false)
    Single single;
  }

  static final class Single {
    @Option(names = "--tool", required = true, paramLabel = "NAME", description = "The tool name.")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", description = "The arguments, a JSON object (default {}).")
    String args = "{}";
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AgentGuard guard;
    try {
      guard = options.guard(err);
    } catch (GuardOptions.UsageException e) {
      err.println("agent-guard check: " + e.getMessage());
      return Main.USAGE;
    }
    if (input.single != null) {
      ObjectNode line = JsonNodeFactory.instance.objectNode();
      line.put("id", "cli");
      line.put("tool", input.single.tool);
      JsonNode args;
      try {
        args = JSON.readTree(input.single.args);
      } catch (IOException e) {
        args = null;
      }
      if (args == null || !args.isObject()) {
        out.println(render(line.get("id"), Decision.deny("input", INVALID_CALL, "--args must be a JSON object")));
        out.flush();
        return Main.OK;
      }
      line.set("arguments", args);
      out.println(evaluateLine(guard, line, 1));
      out.flush();
      return Main.OK;
    }
    Path calls = input.calls;
    try (BufferedReader reader = "-".equals(calls.toString())
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(calls, StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = reader.readLine()) != null) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        out.println(evaluateText(guard, text, number));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("agent-guard check: calls file not found: " + calls);
      return Main.USAGE;
    } catch (IOException e) {
      err.println("agent-guard check: cannot read " + calls + ": " + e.getMessage());
      return Main.USAGE;
    }
    out.flush();
    return Main.OK;
  }

  static String evaluateText(AgentGuard guard, String text, int number) {
    JsonNode line;
    try {
      line = JSON.readTree(text);
    } catch (IOException | RuntimeException e) {
      return render(null, Decision.deny("input", INVALID_CALL, "line " + number + " is not valid JSON"));
    }
    if (line == null || !line.isObject()) {
      return render(null, Decision.deny("input", INVALID_CALL, "line " + number + " is not a JSON object"));
    }
    return evaluateLine(guard, (ObjectNode) line, number);
  }

  static String evaluateLine(AgentGuard guard, ObjectNode line, int number) {
    JsonNode idNode = line.get("id");
    JsonNode id = idNode != null && (idNode.isTextual() || idNode.isNumber()) ? idNode : null;
    if (idNode != null && !idNode.isNull() && id == null) {
      return render(null, Decision.deny("input", INVALID_CALL, "\"id\" must be a string or a number"));
    }
    JsonNode tool = line.get("tool");
    if (tool == null || !tool.isTextual() || tool.textValue().isBlank()) {
      return render(id, Decision.deny("input", INVALID_CALL, "\"tool\" must be a non-empty string"));
    }
    JsonNode args = line.get("arguments");
    if (args != null && !args.isNull() && !args.isObject()) {
      return render(id, Decision.deny("input", INVALID_CALL, "\"arguments\" must be a JSON object"));
    }
    JsonNode cwd = line.get("cwd");
    if (cwd != null && !cwd.isNull() && !cwd.isTextual()) {
      return render(id, Decision.deny("input", INVALID_CALL, "\"cwd\" must be a string"));
    }
    CallContext.Builder context = CallContext.builder();
    if (cwd != null && cwd.isTextual()) {
      context.workingDirectory(cwd.textValue());
    }
    String callId = id == null || id.asText().isBlank() ? "line-" + number : id.asText();
    String argumentsJson = args == null || args.isNull() ? "{}" : args.toString();
    try {
      Evaluation evaluation = guard.evaluate(new ToolCall(callId, tool.textValue(), argumentsJson, context.build()));
      return render(id, evaluation.decision());
    } catch (RuntimeException e) {
      return render(id, Decision.deny("input", INVALID_CALL, "the call could not be evaluated: "
          + e.getClass().getSimpleName()));
    }
  }

  static String render(JsonNode id, Decision decision) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (id == null) {
      out.putNull("id");
    } else {
      out.set("id", id);
    }
    out.put("decision", decision.verdict().label());
    out.put("rule", decision.rule());
    out.put("reason", decision.reason());
    return out.toString();
  }
}
