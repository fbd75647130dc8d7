package dev.agentguard.core.internal;

import dev.agentguard.api.RedactedException;
import dev.agentguard.core.telemetry.Redactor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/** Masks secrets in an exception's messages (and its causes') before a listener sees it. */
final class RedactedErrors {

  private static final int MAX_CAUSES = 16;

  private RedactedErrors() {}

  /** {@code error} itself when no message in its cause chain changes under {@code redactor}; else a stand-in. */
  static Throwable redact(Throwable error, Redactor redactor) {
    if (!needsRedaction(error, redactor)) {
      return error;
    }
    return copy(error, redactor, new IdentityHashMap<>(), 0);
  }

  private static boolean needsRedaction(Throwable error, Redactor redactor) {
    Throwable t = error;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !Objects.equals(redactor.redactText(m), m)) {
        return true;
      }
    }
    return t != null;
  }

  private static Throwable copy(Throwable t, Redactor redactor, Map<Throwable, Boolean> seen, int depth) {
    if (t == null || depth >= MAX_CAUSES || seen.put(t, Boolean.TRUE) != null) {
      return null;
    }
    Throwable cause = copy(t.getCause(), redactor, seen, depth + 1);
    String message = t.getMessage() == null ? null : redactor.redactText(t.getMessage());
    RedactedException out = new RedactedException(t.getClass().getName(), message, cause);
    out.setStackTrace(t.getStackTrace());
    return out;
  }
}
