package dev.agentguard.postgres;

/**
 * The database behind an approval store failed (unreachable, restarted, or holding a row this library cannot
 * read). The operation did not happen; a call waiting for that approval stays denied until an answer is
 * stored.
 */
public final class ApprovalStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a sentence saying what failed, and its cause.
   *
   * @param message what failed, for logs
   * @param cause the driver's exception
   */
  public ApprovalStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
