package dev.agentguard.core.telemetry;

/**
 * Masks secrets before anything leaves the process through telemetry or audit. Implementations are
 * thread-safe and never throw.
 */
public interface Redactor {

  /** Returns {@code json} with secret values masked; text that is not JSON is redacted as plain text. */
  String redactJson(String json);

  /** Returns {@code text} with secret-shaped substrings masked. */
  String redactText(String text);

  /** A redactor that masks nothing. For tests only. */
  static Redactor none() {
    return new Redactor() {
      @Override
      public String redactJson(String json) {
        return json;
      }

      @Override
      public String redactText(String text) {
        return text;
      }
    };
  }

  /** The default redactor: secret-named keys and secret-shaped values. */
  static Redactor defaults() {
    return SecretRedactor.DEFAULT;
  }
}
