package dev.agentguard.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON-RPC lines {@link McpStdioProxy} reads and writes itself: the strict reader (duplicate keys and trailing
 * content are errors), its refusals and errors, and the bounds on text it copies from a peer.
 */
final class JsonRpcLines {

  /** Strict JSON: duplicate keys and content after the value are errors. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonRpcLines() {}

  /** A tool result with {@code isError} set: how a refused call is answered. */
  static byte[] refusal(JsonNode id, String text) throws IOException {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id);
    ObjectNode result = m.putObject("result");
    result.putArray("content").addObject().put("type", "text").put("text", text);
    result.put("isError", true);
    return JSON.writeValueAsBytes(m);
  }

  /** A JSON-RPC error answer; a {@code null} id becomes JSON {@code null}. */
  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode m = JsonNodeFactory.instance.objectNode();
    m.put("jsonrpc", "2.0");
    m.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
    m.putObject("error").put("code", code).put("message", message);
    return m;
  }

  /** Whether a line holds only blanks (which are skipped, not answered). */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** At most the first 1000 characters of {@code s}. */
  static String bounded(String s) {
    return s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  /** The first line of an error message, bounded; {@code unreadable} for none. */
  static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return bounded(nl < 0 ? message : message.substring(0, nl));
  }
}
