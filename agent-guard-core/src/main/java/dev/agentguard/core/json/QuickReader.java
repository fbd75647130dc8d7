package dev.agentguard.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the usual shape of tool-call arguments without starting Jackson's parser: objects and arrays up to
 * {@link #MAX_DEPTH} deep, strings without escapes or control characters, {@code true}, {@code false},
 * {@code null} and integers of at most nine digits (no {@code -0}). On anything else (an escape, a fraction, an
 * exponent, a long number, a repeated or long key, deeper nesting, any syntax error, text after the value) it
 * returns {@code null} and {@link Json#parse} reads the text with Jackson, so every error message and every
 * unusual spelling still comes from one reader. What it does return is the tree Jackson's reading builds: the
 * same node types from the same factory, keys in the same order.
 */
final class QuickReader {

  /** Deeper nesting is left to Jackson (which enforces {@link Json#MAX_DEPTH}). */
  static final int MAX_DEPTH = 32;
  /** Longer text is left to Jackson (so no string nears Jackson's length limits). */
  static final int MAX_TEXT = 64 * 1024;
  /** Longer keys are left to Jackson (which limits a name's length). */
  static final int MAX_KEY = 1_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String text;
  private final int end;
  private int pos;

  private QuickReader(String text) {
    this.text = text;
    this.end = text.length();
  }

  /** The tree of {@code text}, or {@code null} when Jackson must read it. */
  static JsonNode read(String text) {
    if (text.length() > MAX_TEXT) {
      return null;
    }
    QuickReader r = new QuickReader(text);
    JsonNode value = r.value(0);
    if (value == null) {
      return null;
    }
    r.skipSpace();
    return r.pos == r.end ? value : null;
  }

  private JsonNode value(int depth) {
    skipSpace();
    if (pos >= end) {
      return null;
    }
    char c = text.charAt(pos);
    if (c == '{' || c == '[') {
      if (depth >= MAX_DEPTH) {
        return null;
      }
      return c == '{' ? object(depth + 1) : array(depth + 1);
    }
    return scalar(c);
  }

  /** A string, literal or integer starting with {@code c}; {@code null} for anything else. */
  private JsonNode scalar(char c) {
    switch (c) {
      case '"': {
        String s = string(Integer.MAX_VALUE);
        return s == null ? null : NODES.textNode(s);
      }
      case 't':
        return literal("true") ? NODES.booleanNode(true) : null;
      case 'f':
        return literal("false") ? NODES.booleanNode(false) : null;
      case 'n':
        return literal("null") ? NODES.nullNode() : null;
      default:
        return c == '-' || (c >= '0' && c <= '9') ? integer() : null;
    }
  }

  private JsonNode object(int depth) {
    pos++;
    ObjectNode o = NODES.objectNode();
    skipSpace();
    if (pos < end && text.charAt(pos) == '}') {
      pos++;
      return o;
    }
    while (true) {
      skipSpace();
      if (pos >= end || text.charAt(pos) != '"') {
        return null;
      }
      String key = string(MAX_KEY);
      skipSpace();
      if (key == null || pos >= end || text.charAt(pos) != ':') {
        return null;
      }
      pos++;
      JsonNode v = value(depth);
      if (v == null || o.replace(key, v) != null) {
        return null; // a repeated key is Jackson's to report
      }
      skipSpace();
      if (pos >= end) {
        return null;
      }
      char c = text.charAt(pos++);
      if (c == '}') {
        return o;
      }
      if (c != ',') {
        return null;
      }
    }
  }

  private JsonNode array(int depth) {
    pos++;
    ArrayNode a = NODES.arrayNode();
    skipSpace();
    if (pos < end && text.charAt(pos) == ']') {
      pos++;
      return a;
    }
    while (true) {
      JsonNode v = value(depth);
      if (v == null) {
        return null;
      }
      a.add(v);
      skipSpace();
      if (pos >= end) {
        return null;
      }
      char c = text.charAt(pos++);
      if (c == ']') {
        return a;
      }
      if (c != ',') {
        return null;
      }
    }
  }

  /** The string at {@code pos} (a quote), if it has no escape or control character and at most {@code max} chars. */
  private String string(int max) {
    int start = pos + 1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (i - start > max) {
          return null;
        }
        pos = i + 1;
        return text.substring(start, i);
      }
      if (c == '\\' || c < 0x20) {
        return null;
      }
    }
    return null;
  }

  private boolean literal(String word) {
    if (!text.startsWith(word, pos)) {
      return false;
    }
    pos += word.length();
    return true;
  }

  /** An integer of one to nine digits without a leading zero (and not {@code -0}), as an int node. */
  private JsonNode integer() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < end && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    int count = pos - digits;
    if (count == 0 || count > 9 || (text.charAt(digits) == '0' && (count > 1 || digits > start))) {
      return null;
    }
    if (pos < end && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      return null;
    }
    return NODES.numberNode(Integer.parseInt(text, start, pos, 10));
  }

  private void skipSpace() {
    while (pos < end) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }
}
