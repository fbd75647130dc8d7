package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import java.nio.file.AccessDeniedException;
import java.util.Objects;

/**
 * Thrown by {@link GuardedFiles} when the filesystem policy does not allow an access (any verdict other than
 * ALLOW), or when the file changed between the check and its use. Carries the deciding {@link Decision}.
 */
public final class FileAccessDeniedException extends AccessDeniedException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  /**
   * Creates the exception for {@code path}, refused by {@code decision}.
   *
   * @param path the path as the caller gave it; not {@code null}
   * @param decision the decision that refused the access; not {@code null}
   */
  public FileAccessDeniedException(String path, Decision decision) {
    super(Objects.requireNonNull(path, "path must not be null"), null,
        Objects.requireNonNull(decision, "decision must not be null").verdict().label() + " by "
            + decision.check() + " rule '" + decision.rule() + "': " + decision.reason());
    this.decision = decision;
  }

  /**
   * The decision that refused the access.
   *
   * @return the decision that refused the access
   */
  public Decision decision() {
    return decision;
  }
}
