package dev.agentguard.core.check;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a JSON value: what a {@link GuardCheck} sees of a call's arguments
 * ({@link CheckRequest#arguments()}). It does not expose the parser's own types, so a custom check does not depend
 * on the JSON library agent-guard uses; {@link #json()} gives the text to parse with any library. Numbers keep
 * the spelling they were written with ({@code 1.0} stays {@code 1.0}, {@code 1e2} stays {@code 1e2}), so a check
 * sees what the tool will see. Implementations are immutable and thread-safe.
 */
public interface JsonValue {

  /**
   * Whether this is an object.
   *
   * @return whether this is an object
   */
  boolean isObject();

  /**
   * Whether this is an array.
   *
   * @return whether this is an array
   */
  boolean isArray();

  /**
   * Whether this is a string.
   *
   * @return whether this is a string
   */
  boolean isString();

  /**
   * Whether this is a number.
   *
   * @return whether this is a number
   */
  boolean isNumber();

  /**
   * Whether this is {@code true} or {@code false}.
   *
   * @return whether this is a boolean
   */
  boolean isBoolean();

  /**
   * Whether this is {@code null}.
   *
   * @return whether this is JSON {@code null}
   */
  boolean isNull();

  /**
   * The value as text: a string's characters (unescaped), a number as it was written, {@code true},
   * {@code false} or {@code null}; for an object or array, its JSON text ({@link #json()}).
   *
   * @return the value as text
   */
  String text();

  /**
   * The member {@code name} of an object.
   *
   * @param name the member's name
   * @return the member, or empty if this is not an object or has no such member
   */
  Optional<JsonValue> field(String name);

  /**
   * The member names of an object, in the order they were written.
   *
   * @return the names, empty if this is not an object
   */
  List<String> fieldNames();

  /**
   * The elements of an array, in order.
   *
   * @return the elements, empty if this is not an array
   */
  List<JsonValue> elements();

  /**
   * The value as JSON text (compact; numbers as written).
   *
   * @return the JSON text
   */
  String json();
}
