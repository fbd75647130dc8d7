package dev.agentguard.core.policy;

import java.util.Objects;

/**
 * One problem in a policy file, located at a line and column (both 1-based).
 *
 * @param file the file as the user named it
 * @param line the line of the offending key or value
 * @param column the column of the offending key or value
 * @param message what is wrong
 */
public record PolicyError(String file, int line, int column, String message) {

  /**
   * Validates the components.
   *
   * @param file the file as the user named it
   * @param line the line of the offending key or value
   * @param column the column of the offending key or value
   * @param message what is wrong
   */
  public PolicyError {
    Objects.requireNonNull(file, "file must not be null");
    Objects.requireNonNull(message, "message must not be null");
  }

  /**
   * Returns {@code FILE:LINE:COL: message}.
   *
   * @return {@code FILE:LINE:COL: message}
   */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
