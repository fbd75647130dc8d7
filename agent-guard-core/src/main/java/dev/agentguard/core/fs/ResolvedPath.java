package dev.agentguard.core.fs;

import dev.agentguard.api.Decision;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link FileSystemCheck#resolvePath} hands to the code that performs the I/O: the decision and, when the path
 * could be resolved, its lexical and real (symbolic links followed) absolute paths. Guarded I/O works on
 * {@link #real()} only, and uses {@link #whatChanged()} after opening to detect a swap between check and use.
 * Immutable.
 */
public final class ResolvedPath {

  private final Decision decision;
  private final Path lexical;
  private final Path real;
  private final boolean sessionPrivate;

  ResolvedPath(Decision decision, Path lexical, Path real) {
    this(decision, lexical, real, false);
  }

  ResolvedPath(Decision decision, Path lexical, Path real, boolean sessionPrivate) {
    this.decision = decision;
    this.lexical = lexical;
    this.real = real;
    this.sessionPrivate = sessionPrivate;
  }

  /** Whether a session private glob matched the path (see {@link FileSystemCheck.ResolvedFile}). */
  boolean sessionPrivate() {
    return sessionPrivate;
  }

  /**
   * The check's decision about the path.
   *
   * @return the check's decision about the path
   */
  public Decision decision() {
    return decision;
  }

  /**
   * The absolute path before symbolic links were followed; {@code null} when the path could not be resolved.
   *
   * @return the absolute path before symbolic links were followed; {@code null} when the path could not be resolved
   */
  public Path lexical() {
    return lexical;
  }

  /**
   * The absolute path after every symbolic link was followed; {@code null} when it could not be resolved.
   *
   * @return the absolute path after every symbolic link was followed; {@code null} when it could not be resolved
   */
  public Path real() {
    return real;
  }

  /**
   * Resolves {@link #real()} again and says what changed: empty when it still resolves to itself, otherwise a
   * sentence naming what it resolves to now (or why it no longer resolves).
   *
   * @return empty when unchanged, else what changed
   * @throws IllegalStateException when there is no real path
   */
  public Optional<String> whatChanged() {
    if (real == null) {
      throw new IllegalStateException("the path was not resolved");
    }
    PathCanonicalizer.Result now = PathCanonicalizer.canonicalize(real);
    if (now.ok() && now.real().equals(real)) {
      return Optional.empty();
    }
    return Optional.of(real + " now resolves to " + (now.ok() ? now.real() : now.error()));
  }

  @Override
  public String toString() {
    return "ResolvedPath[" + decision + ", real=" + real + "]";
  }
}
