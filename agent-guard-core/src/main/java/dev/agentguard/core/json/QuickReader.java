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
 *
 * <p>{@link #members} reads the same texts by the same rules without building the tree: it checks the text
 * and picks the string values of a few top-level members (what a tool's descriptor points at), so the guard's
 * allow path need not build a tree nobody looks at. It reads exactly the texts {@link #read} reads.
 */
final class QuickReader {

  /** Deeper nesting is left to Jackson (which enforces {@link Json#MAX_DEPTH}). */
  static final int MAX_DEPTH = 32;
  /** Longer text is left to Jackson (so no string nears Jackson's length limits). */
  static final int MAX_TEXT = 64 * 1024;
  /** Longer keys are left to Jackson (which limits a name's length). */
  static final int MAX_KEY = 1_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** What a value read without building the tree stands as. */
  private static final JsonNode CHECKED = NODES.nullNode();

  private final String text;
  private final int end;
  /** Whether the tree is built; {@code false}: the text is only checked, and {@link #names} picked. */
  private final boolean build;
  private final String[] names;
  private final String[] picked;
  /** A picked member whose value is not a string: the tree must be read. */
  private boolean notText;
  private int pos;

  private QuickReader(String text, String[] names) {
    this.text = text;
    this.end = text.length();
    this.build = names == null;
    this.names = names;
    this.picked = names == null ? null : new String[names.length];
  }

  /** The tree of {@code text}, or {@code null} when Jackson must read it. */
  static JsonNode read(String text) {
    if (text.length() > MAX_TEXT) {
      return null;
    }
    QuickReader r = new QuickReader(text, null);
    JsonNode value = r.value(0);
    if (value == null) {
      return null;
    }
    r.skipSpace();
    return r.pos == r.end ? value : null;
  }

  /**
   * Checks {@code text} as {@link #read} would and picks the top-level members {@code names}, without building
   * the tree.
   *
   * @return for each name the member's string value, or {@code null} where the object has no such member;
   *     {@code null} instead of the array when {@link #read} would not read the text, when the text is not an
   *     object, or when a named member's value is not a string (the tree decides those)
   */
  static String[] members(String text, String[] names) {
    if (text.length() > MAX_TEXT) {
      return null;
    }
    QuickReader r = new QuickReader(text, names);
    r.skipSpace();
    if (r.pos >= r.end || text.charAt(r.pos) != '{' || r.value(0) == null || r.notText) {
      return null;
    }
    r.skipSpace();
    return r.pos == r.end ? r.picked : null;
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
        int close = stringEnd(Integer.MAX_VALUE);
        if (close < 0) {
          return null;
        }
        int start = pos + 1;
        pos = close + 1;
        return build ? NODES.textNode(text.substring(start, close)) : CHECKED;
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
    ObjectNode o = build ? NODES.objectNode() : null;
    // Without the tree, repeated keys are caught by two bits per key (from two parts of its hash): a repeated key
    // finds both of its bits set. Rarely, other keys set both first; the tree then decides.
    long seenHigh = 0L;
    long seenLow = 0L;
    skipSpace();
    if (pos < end && text.charAt(pos) == '}') {
      pos++;
      return build ? o : CHECKED;
    }
    while (true) {
      skipSpace();
      if (pos >= end || text.charAt(pos) != '"') {
        return null;
      }
      int keyStart = pos + 1;
      int keyEnd = keyAndColon();
      if (keyEnd < 0) {
        return null;
      }
      int valueStart = pos;
      JsonNode v = value(depth);
      if (v == null) {
        return null;
      }
      if (build) {
        if (o.replace(text.substring(keyStart, keyEnd), v) != null) {
          return null; // a repeated key is Jackson's to report
        }
      } else {
        long mixed = hash(keyStart, keyEnd);
        long high = 1L << (mixed >>> 58);
        long low = 1L << (mixed >>> 52);
        if ((seenHigh & high) != 0 && (seenLow & low) != 0) {
          return null; // maybe a repeated key: the tree (or Jackson) decides
        }
        seenHigh |= high;
        seenLow |= low;
        if (depth == 1) {
          pick(keyStart, keyEnd, valueStart);
        }
      }
      skipSpace();
      if (pos >= end) {
        return null;
      }
      char c = text.charAt(pos++);
      if (c == '}') {
        return build ? o : CHECKED;
      }
      if (c != ',') {
        return null;
      }
    }
  }

  private JsonNode array(int depth) {
    pos++;
    ArrayNode a = build ? NODES.arrayNode() : null;
    skipSpace();
    if (pos < end && text.charAt(pos) == ']') {
      pos++;
      return build ? a : CHECKED;
    }
    while (true) {
      JsonNode v = value(depth);
      if (v == null) {
        return null;
      }
      if (build) {
        a.add(v);
      }
      skipSpace();
      if (pos >= end) {
        return null;
      }
      char c = text.charAt(pos++);
      if (c == ']') {
        return build ? a : CHECKED;
      }
      if (c != ',') {
        return null;
      }
    }
  }

  /** Reads a key (at {@code pos}, a quote) and its colon; returns where the key closes, or -1. */
  private int keyAndColon() {
    int keyEnd = stringEnd(MAX_KEY);
    if (keyEnd < 0) {
      return -1;
    }
    pos = keyEnd + 1;
    skipSpace();
    if (pos >= end || text.charAt(pos) != ':') {
      return -1;
    }
    pos++;
    skipSpace();
    return keyEnd;
  }

  /**
   * Where the string at {@code pos} (a quote) closes, if it has no escape or control character and at most
   * {@code max} chars; else -1. Does not move.
   */
  private int stringEnd(int max) {
    int start = pos + 1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return i - start > max ? -1 : i;
      }
      if (c == '\\' || c < 0x20) {
        return -1;
      }
    }
    return -1;
  }

  /** The key between {@code start} and {@code end} hashed as {@link String#hashCode} would, its bits mixed. */
  private long hash(int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i);
    }
    return (h & 0xFFFF_FFFFL) * 0x9E37_79B9_7F4A_7C15L;
  }

  /** Picks a top-level member just read if it is one of {@link #names}: its value began at {@code valueStart}. */
  private void pick(int keyStart, int keyEnd, int valueStart) {
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
      if (name.length() == keyEnd - keyStart && text.startsWith(name, keyStart)) {
        if (text.charAt(valueStart) == '"') {
          picked[i] = text.substring(valueStart + 1, pos - 1);
        } else {
          notText = true;
        }
      }
    }
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
    return build ? NODES.numberNode(Integer.parseInt(text, start, pos, 10)) : CHECKED;
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
