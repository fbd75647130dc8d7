package dev.agentguard.core.policy;

import java.util.List;
import java.util.Objects;

/** A policy file that does not load; carries every error found, each as {@code FILE:LINE:COL: message}. */
public final class PolicyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<PolicyError> errors;

  /**
   * Creates the exception for {@code errors} (at least one).
   *
   * @param errors every error found, each with its file, line and column; copied
   */
  public PolicyException(List<PolicyError> errors) {
    super(message(errors));
    this.errors = List.copyOf(errors);
  }

  private static String message(List<PolicyError> errors) {
    Objects.requireNonNull(errors, "errors must not be null");
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a PolicyException needs at least one error");
    }
    StringBuilder b = new StringBuilder();
    for (PolicyError e : errors) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(e);
    }
    return b.toString();
  }

  /**
   * Every error, in file order.
   *
   * @return every error, in file order
   */
  public List<PolicyError> errors() {
    return errors;
  }
}
