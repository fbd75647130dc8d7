package dev.agentguard.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentguard.core.io.LineInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls an audit log recorded, one per {@code call_id}, in the order they started: what was asked
 * ({@code call_started}), what was decided ({@code call_decided}) and whether the tool ran
 * ({@code call_completed} or {@code call_failed}) or was refused ({@code call_denied}).
 */
final class RecordedCalls {

  /** What the guard writes for a value it masked. */
  static final String REDACTED = "[REDACTED]";
  /** What the log writes at the end of a text it cut. */
  static final String TRUNCATED = "...[truncated ";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** The audit log's own bound on a line (a record holds at most a few 64 KiB texts). */
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private RecordedCalls() {}

  /** A bad audit log: the message names the line. */
  static final class MalformedLogException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLogException(String message) {
      super(message);
    }
  }

  /** One recorded call, as far as the log tells it. */
  static final class Call {
    final String id;
    String tool;
    String arguments;
    String cwd;
    String conversation;
    String agentId;
    String agentName;
    String principal;
    int startedLine;
    String verdict;
    String rule;
    String reason;
    int decidedLine;
    boolean ran;
    boolean refused;

    Call(String id) {
      this.id = id;
    }
  }

  /** Reads {@code file}; every line must be a JSON object with a {@code type}, and call records a call id. */
  static List<Call> read(Path file) throws IOException, MalformedLogException {
    Map<String, Call> calls = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      LineInput lines = new LineInput(in, MAX_LINE_BYTES);
      int number = 0;
      for (LineInput.Line read = lines.next(); read != null; read = lines.next()) {
        number++;
        if (read.oversized()) {
          throw new MalformedLogException("line " + number + ": longer than " + MAX_LINE_BYTES
              + " bytes: not an agent-guard audit record");
        }
        String line;
        try {
          line = read.utf8();
        } catch (CharacterCodingException e) {
          throw new MalformedLogException("line " + number + ": not UTF-8 text");
        }
        if (line.isBlank()) {
          continue;
        }
        record(calls, parse(line, number), number);
      }
    }
    return new ArrayList<>(calls.values());
  }

  private static JsonNode parse(String line, int number) throws MalformedLogException {
    JsonNode r;
    try {
      r = JSON.readTree(line);
    } catch (IOException e) {
      throw new MalformedLogException("line " + number + ": not valid JSON" + JsonErrors.where(e));
    }
    if (r == null || !r.isObject()) {
      throw new MalformedLogException("line " + number + ": not a JSON object");
    }
    if (!r.path("type").isTextual()) {
      throw new MalformedLogException("line " + number + ": no \"type\": not an agent-guard audit record");
    }
    return r;
  }

  private static void record(Map<String, Call> calls, JsonNode r, int number) throws MalformedLogException {
    String type = r.get("type").textValue();
    if (!type.startsWith("call_") && !type.startsWith("approval_")) {
      return; // log_opened, log_closed, log_rotated, and kinds this version does not know
    }
    String id = text(r, "call_id", number, type);
    Call c = calls.computeIfAbsent(id, Call::new);
    switch (type) {
      case "call_started":
        c.tool = text(r, "tool", number, type);
        c.arguments = text(r, "arguments", number, type);
        c.cwd = optional(r, "cwd", number, type);
        c.conversation = optional(r, "conversation", number, type);
        c.agentId = optional(r, "agent_id", number, type);
        c.agentName = optional(r, "agent_name", number, type);
        c.principal = optional(r, "principal", number, type);
        c.startedLine = number;
        break;
      case "call_decided":
        c.verdict = verdict(r, number, type);
        c.rule = text(r, "rule", number, type);
        c.reason = text(r, "reason", number, type);
        c.decidedLine = number;
        break;
      case "call_completed":
      case "call_failed":
        c.ran = true;
        break;
      case "call_denied":
        c.refused = true;
        break;
      default:
        break;
    }
  }

  private static String verdict(JsonNode r, int number, String type) throws MalformedLogException {
    String v = text(r, "verdict", number, type);
    if (!v.equals("allow") && !v.equals("ask") && !v.equals("deny")) {
      throw new MalformedLogException("line " + number + ": " + type + " has verdict \"" + v
          + "\"; expected allow, ask or deny");
    }
    return v;
  }

  private static String text(JsonNode r, String field, int number, String type) throws MalformedLogException {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual()) {
      throw new MalformedLogException("line " + number + ": " + type + " record without a text \"" + field + "\"");
    }
    return v.textValue();
  }

  private static String optional(JsonNode r, String field, int number, String type) throws MalformedLogException {
    return r.has(field) && !r.get(field).isNull() ? text(r, field, number, type) : null;
  }
}
