package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import java.io.IOException;
import java.util.Objects;

/** Thrown when the network policy refuses a request or a redirect hop; carries the refusing {@link Decision}. */
public final class EgressDeniedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Not serialised: a deserialised exception keeps only its message. */
  private final transient Decision decision;

  /**
   * Creates the exception for {@code decision}.
   *
   * @param decision the decision that refused the request or hop; not {@code null}
   */
  public EgressDeniedException(Decision decision) {
    super(Objects.requireNonNull(decision, "decision must not be null").toString());
    this.decision = decision;
  }

  /**
   * The decision that refused the request ({@code null} only after deserialisation).
   *
   * @return the decision that refused the request ({@code null} only after deserialisation)
   */
  public Decision decision() {
    return decision;
  }
}
