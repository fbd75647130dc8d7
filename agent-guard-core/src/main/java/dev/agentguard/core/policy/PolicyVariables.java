package dev.agentguard.core.policy;

import dev.agentguard.core.GuardEnvironment;
import java.util.Objects;

/** Expands {@code ${workspace}}, {@code ${home}} and {@code ${tmp}} in policy strings. */
public final class PolicyVariables {

  private PolicyVariables() {}

  /**
   * Returns {@code value} with every variable replaced by its path in {@code env}.
   *
   * @throws IllegalArgumentException for an unknown or unterminated variable
   */
  public static String expand(String value, GuardEnvironment env) {
    Objects.requireNonNull(value, "value must not be null");
    Objects.requireNonNull(env, "env must not be null");
    int start = value.indexOf("${");
    if (start < 0) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 32);
    int i = 0;
    while (start >= 0) {
      out.append(value, i, start);
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated variable in '" + value + "'");
      }
      String name = value.substring(start + 2, end);
      out.append(resolve(name, env));
      i = end + 1;
      start = value.indexOf("${", i);
    }
    out.append(value, i, value.length());
    return out.toString();
  }

  /**
   * Checks that {@code value} names only known variables, and has no {@code $NAME} that looks like an
   * environment variable (those are not expanded, so they would silently match nothing).
   *
   * @throws IllegalArgumentException for an unknown or unterminated variable, or a {@code $NAME}
   */
  public static void validate(String value) {
    expand(value, GuardEnvironment.ofWorkspace(java.nio.file.Path.of("/")));
    for (int i = value.indexOf('$'); i >= 0; i = value.indexOf('$', i + 1)) {
      char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
      if (next == '_' || next >= 'A' && next <= 'Z' || next >= 'a' && next <= 'z') {
        int end = i + 1;
        while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
          end++;
        }
        throw new IllegalArgumentException("'" + value.substring(i, end) + "' is not a policy variable: write"
            + " ${workspace}, ${home} or ${tmp} (environment variables are not expanded)");
      }
    }
  }

  private static String resolve(String name, GuardEnvironment env) {
    switch (name) {
      case "workspace":
        return env.workspace().toString();
      case "home":
        return env.home().toString();
      case "tmp":
        return env.tmp().toString();
      default:
        throw new IllegalArgumentException(
            "unknown variable '${" + name + "}': expected ${workspace}, ${home} or ${tmp}");
    }
  }
}
