package dev.agentguard.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one strict reading of tool-call arguments that the checks, the fingerprint and the redactor share: a
 * repeated key, text after the value, or nesting deeper than {@link #MAX_DEPTH} is an error; a number keeps
 * the spelling it was written with (see {@code SpelledNumber}); and an error message never quotes the input
 * (it names what went wrong and where, so a secret in malformed arguments cannot leak through a reason).
 */
public final class Json {

  /** The deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 200;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(64 * 1024 * 1024)
          .build())
      .build();

  private Json() {}

  /** Why arguments could not be read; the message never quotes the input. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean tooDeep;

    Malformed(String message, boolean tooDeep) {
      super(message, null, false, false);
      this.tooDeep = tooDeep;
    }

    /** Whether the text nests deeper than {@link #MAX_DEPTH}. */
    public boolean tooDeep() {
      return tooDeep;
    }
  }

  /**
   * Reads {@code text} as one JSON value; blank text is an empty object.
   *
   * @throws Malformed if it is not exactly one valid JSON value, repeats a key, or nests too deep
   */
  public static JsonNode parse(String text) throws Malformed {
    if (text.isBlank()) {
      return NODES.objectNode();
    }
    JsonNode quick = QuickReader.read(text);
    return quick != null ? quick : parseWithJackson(text);
  }

  /**
   * The string values of the top-level members {@code names} of the object {@code text}, when they can be read
   * without building the tree: {@code text} is then exactly what {@link #parse} reads as an object, and each
   * value is what {@code parse(text).get(name).textValue()} gives. For the usual shape of arguments only.
   *
   * @param text the arguments
   * @param names the members wanted; not changed
   * @return for each name its value, or {@code null} where the object has no such member; {@code null} instead
   *     of the array when {@link #parse} must decide (text it does not read quickly, a value that is not an
   *     object, a named member whose value is not a string, or a possibly repeated key)
   */
  public static String[] members(String text, String[] names) {
    return QuickReader.members(text, names);
  }

  /** {@link #parse} without the {@link QuickReader} fast path: every text through Jackson's parser. */
  static JsonNode parseWithJackson(String text) throws Malformed {
    if (text.isBlank()) {
      return NODES.objectNode();
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return NODES.objectNode();
      }
      JsonNode root = read(p, first);
      if (p.nextToken() != null) {
        throw new Malformed("text follows the JSON value" + where(p), false);
      }
      return root;
    } catch (StreamConstraintsException e) {
      return fail("nested deeper than " + MAX_DEPTH + " levels or over a size limit", e, true);
    } catch (JsonParseException e) {
      String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? "a key is repeated" : "malformed JSON";
      return fail(what, e, false);
    } catch (JsonProcessingException e) {
      return fail("malformed JSON", e, false);
    } catch (IOException | RuntimeException e) {
      throw new Malformed("unreadable JSON (" + e.getClass().getSimpleName() + ")", false);
    } catch (StackOverflowError e) {
      throw new Malformed("nested too deeply to read", true);
    }
  }

  /** Writes {@code node} back as compact JSON, numbers as spelled. */
  public static String write(JsonNode node) {
    return node.toString();
  }

  /** A fresh empty object node from the shared factory. */
  public static ObjectNode objectNode() {
    return NODES.objectNode();
  }

  /** The node factory every tree here is built with. */
  public static JsonNodeFactory nodes() {
    return NODES;
  }

  private static JsonNode fail(String what, JsonProcessingException e, boolean tooDeep) throws Malformed {
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 0 ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    throw new Malformed(what + where, tooDeep);
  }

  private static String where(JsonParser p) {
    com.fasterxml.jackson.core.JsonLocation at = p.currentLocation();
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          o.set(name, read(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
          a.add(read(p, v));
        }
        return a;
      }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT: {
        String text = p.getText();
        if (text.equals("-0")) {
          return new SpelledNumber(text);
        }
        return intNode(p);
      }
      case VALUE_NUMBER_FLOAT:
        return new SpelledNumber(p.getText());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(p, "unexpected token");
    }
  }

  private static JsonNode intNode(JsonParser p) throws IOException {
    switch (p.getNumberType()) {
      case INT:
        return NODES.numberNode(p.getIntValue());
      case LONG:
        return NODES.numberNode(p.getLongValue());
      default:
        return NODES.numberNode(p.getBigIntegerValue());
    }
  }
}
