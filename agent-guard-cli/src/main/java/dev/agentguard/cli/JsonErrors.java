package dev.agentguard.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Describes where a line failed to parse without quoting it. Jackson's messages quote the offending token, which
 * may be a secret (an unquoted password), so the CLI reports only the column.
 */
final class JsonErrors {

  private JsonErrors() {}

  /** {@code " (at column N)"} when the parser knows where it stopped, else the empty string. */
  static String where(Exception e) {
    JsonLocation at = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getLocation() : null;
    return at == null || at.getColumnNr() < 1 ? "" : " (at column " + at.getColumnNr() + ")";
  }
}
