package dev.agentguard.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.core.check.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link JsonValue} view of a tree read by {@link Json#parse}: what hands a call's arguments to checks without
 * handing them Jackson. Core's own checks reach the tree through {@link #nodeOf}. Immutable as long as nobody
 * keeps and changes the tree it wraps (core never does).
 */
public final class JsonNodeValue implements JsonValue {

  /** The text a lazy view reads on first use; {@code null} for a view of a tree. */
  private final String text;
  private volatile JsonNode node;

  private JsonNodeValue(JsonNode node) {
    this.text = null;
    this.node = node;
  }

  private JsonNodeValue(String text) {
    this.text = text;
  }

  /**
   * The view of {@code text}, read with {@link Json#parse} when something first looks at it: for arguments the
   * guard has already checked with {@link Json#members}, where often nothing looks.
   *
   * @param text JSON text that {@link Json#members} accepted
   * @return the view
   */
  public static JsonValue lazy(String text) {
    return new JsonNodeValue(Objects.requireNonNull(text, "text must not be null"));
  }

  /** The tree, read now if this view is lazy and nobody read it yet (two readers may both read: same tree). */
  private JsonNode node() {
    JsonNode n = node;
    if (n == null) {
      try {
        n = Json.parse(text);
      } catch (Json.Malformed e) {
        // Json.members accepted this text, so this cannot happen; fail loudly, never with a guess.
        throw new IllegalStateException("arguments checked before could not be read: " + e.getMessage(), e);
      }
      node = n;
    }
    return n;
  }

  /**
   * The view of {@code node}.
   *
   * @param node a tree read by {@link Json#parse}; core does not change it afterwards
   * @return the view
   */
  public static JsonValue of(JsonNode node) {
    return new JsonNodeValue(Objects.requireNonNull(node, "node must not be null"));
  }

  /**
   * The tree behind {@code value}: its own for a view made here, else {@code value}'s JSON text read strictly.
   *
   * @param value a JSON value
   * @return the tree
   * @throws IllegalArgumentException if a foreign value's {@link JsonValue#json()} is not valid JSON
   */
  public static JsonNode nodeOf(JsonValue value) {
    if (value instanceof JsonNodeValue own) {
      return own.node();
    }
    try {
      return Json.parse(Objects.requireNonNull(value, "value must not be null").json());
    } catch (Json.Malformed e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isObject() {
    return node().isObject();
  }

  @Override
  public boolean isArray() {
    return node().isArray();
  }

  @Override
  public boolean isString() {
    return node().isTextual();
  }

  @Override
  public boolean isNumber() {
    return node().isNumber();
  }

  @Override
  public boolean isBoolean() {
    return node().isBoolean();
  }

  @Override
  public boolean isNull() {
    return node().isNull();
  }

  @Override
  public String text() {
    return node().isContainerNode() ? json() : node().asText();
  }

  @Override
  public Optional<JsonValue> field(String name) {
    JsonNode member = node().isObject() ? node().get(Objects.requireNonNull(name, "name must not be null")) : null;
    return member == null ? Optional.empty() : Optional.of(new JsonNodeValue(member));
  }

  @Override
  public List<String> fieldNames() {
    if (!node().isObject()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(node().size());
    node().fieldNames().forEachRemaining(names::add);
    return Collections.unmodifiableList(names);
  }

  @Override
  public List<JsonValue> elements() {
    if (!node().isArray()) {
      return List.of();
    }
    List<JsonValue> out = new ArrayList<>(node().size());
    for (JsonNode element : node()) {
      out.add(new JsonNodeValue(element));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String json() {
    return Json.write(node());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonNodeValue other && node().equals(other.node());
  }

  @Override
  public int hashCode() {
    return node().hashCode();
  }

  @Override
  public String toString() {
    return json();
  }
}
