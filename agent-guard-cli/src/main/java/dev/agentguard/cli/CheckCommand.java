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
import dev.agentguard.core.io.LineInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
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
  /** A longer line is refused without being kept: no tool call needs 16 MiB of arguments. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  /** Strict JSON: duplicate keys are errors (see {@link #readStrict} for content after the value). */
  static final ObjectMapper JSON = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  @Spec private CommandSpec spec;

  @Mixin private GuardOptions options;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Input input;

  static final class Input {
    @Option(names = "--calls", paramLabel = "CALLS.jsonl",
        description = "One call per line: {\"id\",\"tool\",\"arguments\",\"cwd\",\"conversation\"}; - reads stdin."
            + " Lines with the same conversation share session state, in input order.")
    Path calls;

    @ArgGroup(exclusive = false)
    Single single;
  }

  static final class Single {
    @Option(names = "--tool", required = true, paramLabel = "NAME", description = "The tool name.")
    String tool;

    @Option(names = "--args", paramLabel = "JSON", description = "The arguments, a JSON object (default {}).")
    String args = "{}";

    @Option(names = "--cwd", paramLabel = "DIR", description = "The call's working directory (default: the workspace).")
    String cwd;
  }

  @Override
  public Integer call() throws UsageException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AgentGuard guard = options.guard(err);
    if (input.single != null) {
      out.println(checkSingle(guard, input.single));
      out.flush();
      return Main.OK;
    }
    return checkBatch(guard, input.calls, out, err);
  }

  /** The answer line for the one call given with {@code --tool}, {@code --args} and {@code --cwd}. */
  private static String checkSingle(AgentGuard guard, Single single) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("id", "cli");
    line.put("tool", single.tool);
    JsonNode args;
    try {
      args = readStrict(single.args);
    } catch (IOException e) {
      args = null;
    }
    if (args == null || !args.isObject()) {
      return render(line.get("id"), Decision.deny("input", INVALID_CALL, "--args must be a JSON object"));
    }
    line.set("arguments", args);
    if (single.cwd != null) {
      line.put("cwd", single.cwd);
    }
    return evaluateLine(guard, line, 1);
  }

  /** Answers every line of {@code calls} ({@code -} for stdin); an unreadable file is a usage error. */
  private static int checkBatch(AgentGuard guard, Path calls, PrintWriter out, PrintWriter err) {
    try (InputStream in = open(calls)) {
      LineInput reader = new LineInput(in, MAX_LINE_BYTES);
      LineInput.Line read;
      int number = 0;
      while ((read = reader.next()) != null) {
        number++;
        String answer = answer(guard, read, number);
        if (answer != null) {
          out.println(answer);
        }
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

  /** The calls file, or stdin (left open when the command ends) for {@code -}. */
  private static InputStream open(Path calls) throws IOException {
    if ("-".equals(calls.toString())) {
      return new java.io.FilterInputStream(System.in) {
        @Override
        public void close() {
          // stdin belongs to the process, not to this command
        }
      };
    }
    return Files.newInputStream(calls);
  }

  /** The answer to line {@code number} of a batch, or {@code null} for a blank line (no answer). */
  private static String answer(AgentGuard guard, LineInput.Line read, int number) {
    if (read.oversized()) {
      return render(null, Decision.deny("input", INVALID_CALL, "line " + number + " is longer than "
          + MAX_LINE_BYTES + " bytes"));
    }
    String text;
    try {
      text = read.utf8();
    } catch (CharacterCodingException e) {
      return render(salvageId(new String(read.withoutCarriageReturn(), StandardCharsets.UTF_8)),
          Decision.deny("input", INVALID_CALL, "line " + number + " is not UTF-8 text"));
    }
    if (number == 1 && text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.isBlank() ? null : evaluateText(guard, text, number);
  }

  static String evaluateText(AgentGuard guard, String text, int number) {
    JsonNode line;
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(text)) {
      line = JSON.readTree(parser);
      boolean trailing;
      try {
        trailing = parser.nextToken() != null;
      } catch (IOException e) {
        trailing = true;
      }
      if (trailing) {
        return render(idOf(line), Decision.deny("input", INVALID_CALL, "line " + number
            + " has content after the JSON object"));
      }
    } catch (IOException | RuntimeException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : null;
      if (why != null && why.startsWith("Duplicate field")) {
        return render(salvageId(text), Decision.deny("input", INVALID_CALL, "line " + number + " has a duplicate key: "
            + firstLine(why)));
      }
      return render(salvageId(text), Decision.deny("input", INVALID_CALL, "line " + number + " is not valid JSON"
          + JsonErrors.where(e)));
    }
    if (line == null || !line.isObject()) {
      return render(null, Decision.deny("input", INVALID_CALL, "line " + number + " is not a JSON object"));
    }
    return evaluateLine(guard, (ObjectNode) line, number);
  }

  /** A plain reader, used only to recover the id of a line that is refused, so its answer can be matched. */
  private static final ObjectMapper LENIENT = new ObjectMapper();

  /**
   * Returns the {@code id} of the first JSON object in {@code text} when it is a string or a number, else
   * {@code null}. Only for labelling an {@code invalid-call} answer: the call itself is never evaluated.
   */
  static JsonNode salvageId(String text) {
    try (com.fasterxml.jackson.core.JsonParser parser = LENIENT.createParser(text)) {
      return idOf(LENIENT.readTree(parser));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Returns {@code line}'s {@code id} when it is a number or a string read without decoding errors, else null. */
  private static JsonNode idOf(JsonNode line) {
    JsonNode id = line == null ? null : line.get("id");
    boolean usable = id != null && (id.isNumber() || id.isTextual() && id.textValue().indexOf('\uFFFD') < 0);
    return usable ? id : null;
  }

  static String evaluateLine(AgentGuard guard, ObjectNode line, int number) {
    String where = "line " + number + ": ";
    JsonNode idNode = line.get("id");
    JsonNode id = idNode != null && (idNode.isTextual() || idNode.isNumber()) ? idNode : null;
    if (idNode == null || idNode.isNull()) {
      return render(null, Decision.deny("input", INVALID_CALL, where + "missing \"id\""));
    }
    if (id == null) {
      return render(null, Decision.deny("input", INVALID_CALL, where + "\"id\" must be a string or a number"));
    }
    JsonNode tool = line.get("tool");
    if (tool == null || tool.isNull()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "missing \"tool\""));
    }
    if (!tool.isTextual() || tool.textValue().isBlank()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "\"tool\" must be a non-empty string"));
    }
    JsonNode args = line.get("arguments");
    if (args == null || args.isNull()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "missing \"arguments\""));
    }
    if (!args.isObject()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "\"arguments\" must be a JSON object"));
    }
    JsonNode cwd = line.get("cwd");
    if (cwd != null && !cwd.isNull() && !cwd.isTextual()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "\"cwd\" must be a string"));
    }
    JsonNode conversation = line.get("conversation");
    if (conversation != null && !conversation.isNull() && !conversation.isTextual()) {
      return render(id, Decision.deny("input", INVALID_CALL, where + "\"conversation\" must be a string"));
    }
    CallContext.Builder context = CallContext.builder();
    if (cwd != null && cwd.isTextual()) {
      context.workingDirectory(cwd.textValue());
    }
    if (conversation != null && conversation.isTextual()) {
      context.conversationId(conversation.textValue());
    }
    String callId = id == null || id.asText().isBlank() ? "line-" + number : id.asText();
    String argumentsJson = args == null || args.isNull() ? "{}" : args.toString();
    try {
      // Lines of one conversation share session state in input order; a line without one is a session of its own.
      Evaluation evaluation = guard.evaluateInSession(
          new ToolCall(callId, tool.textValue(), argumentsJson, context.build()));
      return render(id, evaluation.decision());
    } catch (RuntimeException e) {
      return render(id, Decision.deny("input", INVALID_CALL, "the call could not be evaluated: "
          + e.getClass().getSimpleName()));
    }
  }

  /** Reads one JSON value; duplicate keys and anything after the value are errors. */
  static JsonNode readStrict(String text) throws IOException {
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(text)) {
      JsonNode node = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new IOException("content after the JSON value");
      }
      return node;
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
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
