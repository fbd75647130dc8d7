package dev.agentguard.core;

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

  /** Validates that every path is absolute and normalises them. */
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

  /** The current directory as workspace, {@code user.home} and {@code java.io.tmpdir}. */
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

  /** A copy with another home directory. */
  public GuardEnvironment withHome(Path home) {
    return new GuardEnvironment(workspace, home, tmp);
  }

  /** A copy with another workspace. */
  public GuardEnvironment withWorkspace(Path workspace) {
    return new GuardEnvironment(workspace, home, tmp);
  }
}
