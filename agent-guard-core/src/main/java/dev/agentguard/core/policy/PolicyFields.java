package dev.agentguard.core.policy;

import com.fasterxml.jackson.core.JsonToken;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.LocatedTree.Arr;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import dev.agentguard.core.policy.LocatedTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every section reader of one policy file shares: the located errors collected so far, the settings the
 * file set explicitly, and typed access to located values that reports a type error where the value is.
 */
final class PolicyFields {

  private static final Pattern ENTRY_PREFIX = Pattern.compile("^(roots|deny|protectedPaths)\\[\\d+\\]:\\s*");

  private final String file;
  private final List<PolicyError> errors = new ArrayList<>();
  private final Set<String> present = new java.util.HashSet<>();

  PolicyFields(String file) {
    this.file = file;
  }

  List<PolicyError> errors() {
    return errors;
  }

  int errorCount() {
    return errors.size();
  }

  /** The scalar settings the file set explicitly, as dotted key paths (for layering). */
  Set<String> present() {
    return present;
  }

  void markPresent(String key) {
    present.add(key);
  }

  void error(int line, int column, String message) {
    errors.add(new PolicyError(file, line, column, message));
  }

  void error(Node at, String message) {
    error(at.line(), at.column(), message);
  }

  void error(Field at, String message) {
    error(at.line(), at.column(), message);
  }

  void keys(Obj o, String where, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Field f : o.fields().values()) {
      if (!ok.contains(f.key())) {
        error(f, "unknown key '" + f.key() + "' in " + where + " (expected one of: "
            + String.join(", ", allowed) + ")");
      }
    }
  }

  Obj object(Node node, String what) {
    if (node instanceof Obj) {
      return (Obj) node;
    }
    error(node, what + " must be an object, got " + describe(node));
    return null;
  }

  List<Node> list(Field field, String what) {
    if (field == null) {
      return List.of();
    }
    Node node = field.value();
    if (node instanceof Arr) {
      return ((Arr) node).items();
    }
    if (hasToken(node, JsonToken.VALUE_NULL)) {
      return List.of();
    }
    error(node, what + " must be a list, got " + describe(node));
    return List.of();
  }

  Scalar scalar(Node node, String what, boolean report) {
    if (node instanceof Scalar && ((Scalar) node).text() != null) {
      return (Scalar) node;
    }
    if (report) {
      error(node, what + " must be a value, got " + describe(node));
    }
    return null;
  }

  /** A string value; numbers and booleans are type errors. */
  String string(Node node, String what) {
    if (isString(node)) {
      return ((Scalar) node).text();
    }
    error(node, what + " must be a string, got " + describe(node));
    return null;
  }

  /** A string, or {@code fallback} when the field is absent; {@code null} after reporting a type error. */
  String optionalString(Field field, String what, String fallback) {
    return field == null ? fallback : string(field.value(), what);
  }

  /** A scalar's text: strings, numbers (e.g. a prefix token {@code 2}) and booleans. */
  String scalarText(Node node, String what) {
    Scalar s = scalar(node, what, false);
    if (s == null) {
      error(node, what + " must be a string, got " + describe(node));
      return null;
    }
    return s.text();
  }

  String requiredString(Obj o, String key, String where) {
    Field f = o.fields().get(key);
    if (f == null) {
      error(o, where + " needs " + ("aeiou".indexOf(key.charAt(0)) >= 0 ? "an '" : "a '") + key + "'");
      return null;
    }
    return string(f.value(), key);
  }

  /** {@code allow}, {@code ask} or {@code deny}; {@code null} when absent or after reporting an error. */
  Verdict verdict(Field field, String what) {
    if (field == null) {
      return null;
    }
    String label = string(field.value(), what);
    if (label == null) {
      return null;
    }
    if (!label.equals("allow") && !label.equals("ask") && !label.equals("deny")) {
      error(field.value(), "unknown decision '" + label + "' for " + what + ": expected allow, ask or deny");
      return null;
    }
    return Verdict.fromLabel(label);
  }

  /** The verdict for what lies outside a section's rules: deny (the default when absent or wrong) or ask. */
  Verdict denyOrAsk(Field field, String what) {
    if (field == null) {
      return Verdict.DENY;
    }
    present.add(what);
    Verdict v = verdict(field, what);
    if (v == Verdict.ALLOW) {
      error(field.value(), what + " must be deny or ask, not allow");
      return Verdict.DENY;
    }
    return v == null ? Verdict.DENY : v;
  }

  /** {@code true} or {@code false} as written (YAML's yes, no, on and off are refused: they read ambiguously). */
  Boolean bool(Node node, String what) {
    if (hasToken(node, JsonToken.VALUE_TRUE) && "true".equals(((Scalar) node).text())) {
      return Boolean.TRUE;
    }
    if (hasToken(node, JsonToken.VALUE_FALSE) && "false".equals(((Scalar) node).text())) {
      return Boolean.FALSE;
    }
    boolean spelledOtherwise = hasToken(node, JsonToken.VALUE_TRUE) || hasToken(node, JsonToken.VALUE_FALSE);
    error(node, what + " must be true or false, got " + (spelledOtherwise ? "'" + ((Scalar) node).text() + "'"
        : describe(node)));
    return null;
  }

  /** A string; YAML reads an unquoted {@code off} as the boolean false, which here means {@code off}. */
  String offOrString(Node node, String what) {
    if (hasToken(node, JsonToken.VALUE_FALSE)) {
      return "off";
    }
    return string(node, what);
  }

  boolean variablesOk(Node at, String value) {
    try {
      GuardEnvironment.validateVariables(value);
      return true;
    } catch (IllegalArgumentException e) {
      error(at, e.getMessage());
      return false;
    }
  }

  static boolean hasToken(Node node, JsonToken token) {
    return node instanceof Scalar && ((Scalar) node).token() == token;
  }

  static boolean isString(Node node) {
    return node instanceof Scalar && ((Scalar) node).isString();
  }

  static void pointerOk(String pointer) {
    if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "pointer '" + pointer + "' is not a JSON Pointer: it must be empty or start with '/'");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~') {
        char n = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
        if (n != '0' && n != '1') {
          throw new IllegalArgumentException(
              "pointer '" + pointer + "' has a bad escape: '~' must be followed by 0 or 1");
        }
      }
    }
  }

  static String describe(Node node) {
    return node.describe();
  }

  /** A rule type's message without the entry prefix it adds (the location already says which entry). */
  static String clean(String message) {
    return ENTRY_PREFIX.matcher(message).replaceFirst("");
  }
}
