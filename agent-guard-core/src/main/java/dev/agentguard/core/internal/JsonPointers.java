package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Resolves JSON Pointers (RFC 6901) with a {@code *} segment meaning every element of an array. */
public final class JsonPointers {

  private JsonPointers() {}

  /**
   * Returns the nodes {@code pointer} reaches in {@code root}: none when a segment is missing, one per array
   * element for each {@code *}.
   *
   * @throws IllegalArgumentException if {@code pointer} is not a JSON Pointer
   * @return the nodes {@code pointer} reaches in {@code root}: none when a segment is missing, one per array
   *     element for each {@code *}
   */
  public static List<JsonNode> resolve(JsonNode root, String pointer) {
    if (pointer.isEmpty()) {
      return List.of(root);
    }
    if (pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("not a JSON Pointer: '" + pointer + "'");
    }
    String[] segments = pointer.substring(1).split("/", -1);
    List<JsonNode> current = List.of(root);
    for (String raw : segments) {
      current = step(current, raw, unescape(raw, pointer));
      if (current.isEmpty()) {
        break;
      }
    }
    return current;
  }

  /**
   * Returns the pointer to the first node where a {@code *} segment of {@code pointer} meets a value that is
   * neither an array nor null (a string or an object a tool might still read), or {@code null} when there is none.
   * A caller that would otherwise see no element there must not conclude that there is nothing to check.
   * @return the pointer to the first node where a {@code *} segment of {@code pointer} meets a value that is
   *     neither an array nor null (a string or an object a tool might still read), or {@code null} when there is none
   */
  public static String wildcardMismatch(JsonNode root, String pointer) {
    if (pointer.isEmpty() || pointer.charAt(0) != '/') {
      return null;
    }
    String[] segments = pointer.substring(1).split("/", -1);
    List<JsonNode> current = List.of(root);
    StringBuilder at = new StringBuilder();
    for (String raw : segments) {
      if ("*".equals(raw)) {
        for (JsonNode node : current) {
          if (!node.isArray() && !node.isNull() && !node.isMissingNode()) {
            return at.length() == 0 ? "/" : at.toString();
          }
        }
      }
      current = step(current, raw, unescape(raw, pointer));
      at.append('/').append(raw);
      if (current.isEmpty()) {
        return null;
      }
    }
    return null;
  }

  /**
   * Returns whether {@code pointer} has a {@code *} segment.
   *
   * @return whether {@code pointer} has a {@code *} segment
   */
  public static boolean hasWildcard(String pointer) {
    return pointer.equals("/*") || pointer.contains("/*/") || pointer.endsWith("/*");
  }

  /** Returns the nodes one segment below {@code current}: {@code raw} as written, {@code segment} unescaped. */
  /**
   * The unescaped segments of {@code pointer} when it names at most one node (no {@code *} segment), for
   * {@link #find}; {@code null} for a wildcard or malformed pointer, which {@link #resolve} then handles.
   */
  static String[] compile(String pointer) {
    if (pointer.isEmpty()) {
      return new String[0];
    }
    if (pointer.charAt(0) != '/' || hasWildcard(pointer)) {
      return null;
    }
    String[] segments = pointer.substring(1).split("/", -1);
    try {
      for (int i = 0; i < segments.length; i++) {
        segments[i] = unescape(segments[i], pointer);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return segments;
  }

  /**
   * The node at the segments {@link #compile} made of a pointer, or {@code null}: the one node {@link #resolve}
   * would list, without building lists.
   */
  static JsonNode find(JsonNode root, String[] segments) {
    JsonNode node = root;
    for (String segment : segments) {
      if (node.isObject()) {
        node = node.get(segment);
      } else if (node.isArray() && isIndex(segment)) {
        node = node.get(Integer.parseInt(segment));
      } else {
        return null;
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static List<JsonNode> step(List<JsonNode> current, String raw, String segment) {
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode node : current) {
      if ("*".equals(raw) && node.isArray()) {
        node.forEach(next::add);
      } else if (node.isObject()) {
        JsonNode child = node.get(segment);
        if (child != null) {
          next.add(child);
        }
      } else if (node.isArray() && isIndex(segment)) {
        JsonNode child = node.get(Integer.parseInt(segment));
        if (child != null) {
          next.add(child);
        }
      }
    }
    return next;
  }

  static boolean isIndex(String s) {
    if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String segment, String pointer) {
    if (segment.indexOf('~') < 0) {
      return segment;
    }
    StringBuilder out = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '~') {
        char n = i + 1 < segment.length() ? segment.charAt(i + 1) : 0;
        if (n == '0') {
          out.append('~');
        } else if (n == '1') {
          out.append('/');
        } else {
          throw new IllegalArgumentException("bad escape '~' in JSON Pointer '" + pointer + "'");
        }
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
