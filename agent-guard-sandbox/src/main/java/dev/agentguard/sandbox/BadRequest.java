package dev.agentguard.sandbox;

/** A malformed or unacceptable request (or upstream response) seen by the {@link EgressProxy}: the status to answer. */
final class BadRequest extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  BadRequest(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the proxy answers. */
  int status() {
    return status;
  }
}
