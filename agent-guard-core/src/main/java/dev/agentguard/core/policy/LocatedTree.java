package dev.agentguard.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** A JSON/YAML tree that remembers where each key and value was, for located error messages. */
final class LocatedTree {

  private LocatedTree() {}

  /** A node and where it starts. */
  sealed interface Node permits Obj, Arr, Scalar {
    int line();

    int column();

    /**
     * A short description for type errors: an object, an array, a string, a number, …
     *
     * @return a short description for type errors: an object, an array, a string, a number, …
     */
    String describe();
  }

  /** A key of an object, where the key is, and its value. */
  record Field(String key, int line, int column, Node value) {}

  /** An object; fields in file order. */
  record Obj(int line, int column, Map<String, Field> fields) implements Node {
    @Override
    public String describe() {
      return "an object";
    }
  }

  /** An array. */
  record Arr(int line, int column, List<Node> items) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A string, number, boolean or null. */
  record Scalar(int line, int column, JsonToken token, String text) implements Node {
    boolean isString() {
      return token == JsonToken.VALUE_STRING;
    }

    boolean isInteger() {
      return token == JsonToken.VALUE_NUMBER_INT;
    }

    @Override
    public String describe() {
      switch (token) {
        case VALUE_STRING:
          return "a string";
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return "a number";
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "a boolean";
        default:
          return "null";
      }
    }
  }

  /** Thrown for a syntax error; carries its location. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    SyntaxError(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /**
   * Reads one document from {@code parser}. Duplicate keys are reported to {@code duplicates} (the later key
   * is kept out of the tree).
   */
  static Node read(JsonParser parser, List<int[]> duplicateAt, List<String> duplicateKeys)
      throws SyntaxError, IOException {
    try {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SyntaxError(1, 1, "the policy file is empty");
      }
      Node root = readValue(parser, duplicateAt, duplicateKeys, 0);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new SyntaxError(at.getLineNr(), at.getColumnNr(), "unexpected content after the policy document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    }
  }

  /**
   * Turns a parser error into a located syntax error. For YAML the position is where SnakeYAML found the
   * problem (not where the enclosing construct started), and the message names the problem first.
   */
  private static SyntaxError syntaxError(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MarkedYAMLException) {
        MarkedYAMLException y = (MarkedYAMLException) t;
        Mark problem = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
        if (problem != null) {
          StringBuilder m = new StringBuilder("syntax error: ");
          m.append(y.getProblem() != null ? firstLine(y.getProblem()) : firstLine(y.getContext()));
          if (y.getProblem() != null && y.getContext() != null && y.getContextMark() != null) {
            m.append(" (").append(firstLine(y.getContext())).append(" started at ")
                .append(y.getContextMark().getLine() + 1).append(':').append(y.getContextMark().getColumn() + 1)
                .append(')');
          }
          return new SyntaxError(problem.getLine() + 1, problem.getColumn() + 1, m.toString());
        }
      }
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    String message = firstLine(e.getOriginalMessage());
    if (message.startsWith("Expected a field name")) {
      message = "a key must be a plain string";
    }
    java.util.regex.Matcher m = START_MARKER.matcher(message);
    if (m.find()) {
      message = message.substring(0, m.start()) + " (it started at " + m.group(1) + ":" + m.group(2) + ")";
    }
    return new SyntaxError(line, column, "syntax error: " + message);
  }

  private static final java.util.regex.Pattern START_MARKER =
      java.util.regex.Pattern.compile("\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

  /** Refuses YAML anchors ({@code &a}) and aliases ({@code *a}): a policy says everything where it applies. */
  private static void noAnchors(JsonParser p, int line, int column) throws IOException, SyntaxError {
    if (p instanceof YAMLParser) {
      YAMLParser y = (YAMLParser) p;
      if (y.isCurrentAlias()) {
        throw new SyntaxError(line, column, "YAML aliases are not allowed in a policy file (*" + p.getText()
            + "): write the value out");
      }
      Object tag = y.getTypeId();
      if (tag != null) {
        throw new SyntaxError(line, column, "YAML tags are not allowed in a policy file (" + tag
            + "): write the plain value");
      }
      Object anchor = y.getObjectId();
      if (anchor != null) {
        throw new SyntaxError(line, column, "YAML anchors are not allowed in a policy file (&" + anchor
            + "): write the value out where it applies");
      }
    }
  }

  private static Node readValue(JsonParser p, List<int[]> duplicateAt, List<String> duplicateKeys, int depth)
      throws IOException, SyntaxError {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (depth > 64) {
      throw new SyntaxError(line, column, "the policy is nested too deeply");
    }
    noAnchors(p, line, column);
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Field> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        JsonLocation keyAt = p.currentTokenLocation();
        noAnchors(p, keyAt.getLineNr(), keyAt.getColumnNr());
        String key = p.currentName();
        p.nextToken();
        Node value = readValue(p, duplicateAt, duplicateKeys, depth + 1);
        if (fields.containsKey(key)) {
          duplicateAt.add(new int[] {keyAt.getLineNr(), keyAt.getColumnNr()});
          duplicateKeys.add(key);
        } else {
          fields.put(key, new Field(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
        }
      }
      return new Obj(line, column, fields);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(readValue(p, duplicateAt, duplicateKeys, depth + 1));
      }
      return new Arr(line, column, items);
    }
    if (t == JsonToken.VALUE_NULL) {
      return new Scalar(line, column, t, null);
    }
    return new Scalar(line, column, t, p.getText());
  }

  /** Converts a located node to a plain Jackson tree (for rule examples). */
  static JsonNode toJson(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof Obj) {
      ObjectNode o = f.objectNode();
      for (Field field : ((Obj) node).fields().values()) {
        o.set(field.key(), toJson(field.value()));
      }
      return o;
    }
    if (node instanceof Arr) {
      ArrayNode a = f.arrayNode();
      for (Node item : ((Arr) node).items()) {
        a.add(toJson(item));
      }
      return a;
    }
    Scalar s = (Scalar) node;
    switch (s.token()) {
      case VALUE_STRING:
        return f.textNode(s.text());
      case VALUE_NUMBER_INT:
        return f.numberNode(new java.math.BigInteger(s.text()));
      case VALUE_NUMBER_FLOAT:
        return f.numberNode(new java.math.BigDecimal(s.text()));
      case VALUE_TRUE:
        return f.booleanNode(true);
      case VALUE_FALSE:
        return f.booleanNode(false);
      default:
        return f.nullNode();
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
