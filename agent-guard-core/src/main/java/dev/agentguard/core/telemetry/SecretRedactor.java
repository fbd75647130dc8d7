package dev.agentguard.core.telemetry;

import java.util.regex.Pattern;

/** Masks values of secret-named JSON keys and secret-shaped strings. */
final class SecretRedactor implements Redactor {

  static final SecretRedactor DEFAULT = new SecretRedactor();

  static final String MASK = "[REDACTED]";

  private static final Pattern SECRET_KEY_VALUE = Pattern.compile(
      "(\"[^\"]*(?i:password|passwd|secret|token|authorization|api[_-]?key|apikey|private[_-]?key)[^\"]*\"\\s*:\\s*)"
          + "\"(?:[^\"\\\\]|\\\\.)*\"");

  private static final Pattern SECRET_SHAPES = Pattern.compile(
      "AKIA[0-9A-Z]{16}"
          + "|gh[pousr]_[A-Za-z0-9]{20,}"
          + "|xox[baprs]-[A-Za-z0-9-]{10,}"
          + "|sk-[A-Za-z0-9_-]{20,}"
          + "|eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"
          + "|(?i:bearer)\\s+[A-Za-z0-9._~+/=-]{8,}"
          + "|-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----"
          + "|(?<=://)[^/@\\s:]+:[^/@\\s]+(?=@)");

  @Override
  public String redactJson(String json) {
    if (json == null) {
      return null;
    }
    String keyed = SECRET_KEY_VALUE.matcher(json).replaceAll("$1\"" + MASK + "\"");
    return redactText(keyed);
  }

  @Override
  public String redactText(String text) {
    if (text == null) {
      return null;
    }
    return SECRET_SHAPES.matcher(text).replaceAll(MASK);
  }
}
