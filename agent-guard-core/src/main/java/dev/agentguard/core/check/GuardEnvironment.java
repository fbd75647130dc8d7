package dev.agentguard.core.check;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The host's side of the boundary: the workspace the agent works in, the home directory and the temporary
 * directory. Policy variables {@code ${workspace}}, {@code ${home}} and {@code ${tmp}} resolve against it.
 * The host sets it, never the model.
 *
 * @param workspace the absolute workspace root; a call's working directory must lie inside it
 * @param home the absolute home directory ({@code ~})
 * @param tmp the absolute temporary directory
 */
public record GuardEnvironment(Path workspace, Path home, Path tmp) {

  /**
   * Validates that every path is absolute and normalises them.
   *
   * @param workspace the absolute workspace root; a call's working directory must lie inside it
   * @param home the absolute home directory ({@code ~})
   * @param tmp the absolute temporary directory
   */
  public GuardEnvironment {
    workspace = absolute(workspace, "workspace");
    home = absolute(home, "home");
    tmp = absolute(tmp, "tmp");
  }

  private static Path absolute(Path p, String name) {
    Objects.requireNonNull(p, name + " must not be null");
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(name + " must be an absolute path: " + p);
    }
    return p.normalize();
  }

  /**
   * The current directory as workspace, {@code user.home} and {@code java.io.tmpdir}.
   *
   * @return the current directory as workspace, {@code user.home} and {@code java.io.tmpdir}
   */
  public static GuardEnvironment ofSystem() {
    return ofWorkspace(Path.of("").toAbsolutePath());
  }

  /** {@code workspace} as workspace, {@code user.home} and {@code java.io.tmpdir}. */
  public static GuardEnvironment ofWorkspace(Path workspace) {
    Objects.requireNonNull(workspace, "workspace must not be null");
    return new GuardEnvironment(
        workspace.toAbsolutePath(),
        Path.of(System.getProperty("user.home")).toAbsolutePath(),
        Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
  }

  /**
   * A copy with another home directory.
   *
   * @return a copy with another home directory
   */
  public GuardEnvironment withHome(Path home) {
    return new GuardEnvironment(workspace, home, tmp);
  }

  /**
   * A copy with another workspace.
   *
   * @return a copy with another workspace
   */
  public GuardEnvironment withWorkspace(Path workspace) {
    return new GuardEnvironment(workspace, home, tmp);
  }

  /**
   * Returns {@code value} with every variable replaced by its path in this environment.
   *
   * @return {@code value} with every variable replaced by its path in this environment
   * @throws IllegalArgumentException for an unknown or unterminated variable
   */
  public String expand(String value) {
    Objects.requireNonNull(value, "value must not be null");
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
      out.append(resolve(name));
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
  public static void validateVariables(String value) {
    GuardEnvironment.ofWorkspace(Path.of("/")).expand(value);
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

  private String resolve(String name) {
    switch (name) {
      case "workspace":
        return workspace.toString();
      case "home":
        return home.toString();
      case "tmp":
        return tmp.toString();
      default:
        throw new IllegalArgumentException(
            "unknown variable '${" + name + "}': expected ${workspace}, ${home} or ${tmp}");
    }
  }
}
