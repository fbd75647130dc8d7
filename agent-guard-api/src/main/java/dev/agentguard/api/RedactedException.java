package dev.agentguard.api;

/**
 * What a listener gets in place of a tool's exception whose message (or a cause's message) held a secret: the
 * same stack trace and the original type's name, with the message masked. Listeners that record an error's type
 * use {@link #typeOf(Throwable)}, which sees through this wrapper.
 */
public final class RedactedException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * The fully qualified class name of the exception this stands for.
   */
  private final String originalType;

  /**
   * Creates the stand-in for an exception of type {@code originalType}.
   *
   * @param originalType the class name of the exception it stands for
   * @param message the redacted message
   * @param cause the redacted cause, or {@code null}
   */
  public RedactedException(String originalType, String message, Throwable cause) {
    super(message, cause);
    this.originalType = Checks.notBlank(originalType, "originalType");
  }

  /**
   * The class name of the exception this stands for.
   *
   * @return the fully qualified class name of the original exception
   */
  public String originalType() {
    return originalType;
  }

  /**
   * The class name of {@code error}, or of the exception it stands for when it is a {@code RedactedException}.
   *
   * @param error the exception to name; not {@code null}
   * @return a fully qualified class name
   */
  public static String typeOf(Throwable error) {
    Checks.notNull(error, "error");
    return error instanceof RedactedException ? ((RedactedException) error).originalType
        : error.getClass().getName();
  }

  @Override
  public String toString() {
    String m = getLocalizedMessage();
    return m == null ? originalType : originalType + ": " + m;
  }
}
