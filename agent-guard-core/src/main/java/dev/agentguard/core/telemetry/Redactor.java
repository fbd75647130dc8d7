package dev.agentguard.core.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Masks secrets before anything leaves the process through telemetry or audit. Implementations are
 * thread-safe and never throw: when redaction itself cannot complete, the whole text is masked.
 *
 * <p>{@link #defaults()} masks the values of secret-named JSON keys at any depth ({@code password},
 * {@code secret}, {@code token}, {@code authorization}, {@code api_key}, {@code cookie}, {@code session},
 * {@code credential}, ...) and secret-shaped strings anywhere (cloud and SaaS tokens, JWTs, PEM private keys,
 * authorization headers, URL passwords, {@code key=value} pairs with secret-named keys, high-entropy tokens).
 * {@link #builder()} adds key names and patterns, or tunes the entropy test.
 */
public interface Redactor {

  /** What a masked secret is replaced by. */
  String MASK = "[REDACTED]";

  /**
   * Returns {@code json} with secret values masked; text that is not JSON is redacted as plain text. Returns
   * the same string when nothing was masked, and {@code null} for {@code null}.
   *
   * @param json JSON text, or {@code null}
   * @return {@code json} with secret values masked; text that is not JSON is redacted as plain text
   */
  String redactJson(String json);

  /**
   * Returns {@code text} with secret-shaped substrings masked; {@code null} for {@code null}.
   *
   * @param text any text, or {@code null}
   * @return {@code text} with secret-shaped substrings masked; {@code null} for {@code null}
   */
  String redactText(String text);

  /**
   * A redactor that masks nothing. For tests only.
   *
   * @return a redactor that masks nothing
   */
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

  /**
   * The default redactor: secret-named keys, secret-shaped values and high-entropy tokens.
   *
   * @return the default redactor: secret-named keys, secret-shaped values and high-entropy tokens
   */
  static Redactor defaults() {
    return SecretRedactor.DEFAULT;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a builder starting from the defaults
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a redactor that extends the defaults. Not thread-safe; the redactor it builds is. */
  final class Builder {
    private final List<String> keyNames = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private double entropyThreshold = SecretRedactor.DEFAULT_ENTROPY_THRESHOLD;
    private int entropyMinLength = SecretRedactor.DEFAULT_ENTROPY_MIN_LENGTH;
    private boolean highEntropy = true;

    private Builder() {}

    /**
     * Also masks the values of keys whose name contains {@code name}, compared case-insensitively and ignoring
     * {@code _}, {@code -}, {@code .} and spaces ({@code "x-tenant-id"} also matches {@code xTenantId}).
     *
     * @param name a key name or part of one; must contain a letter or digit
     * @return this builder
     * @throws IllegalArgumentException if {@code name} has no letter or digit
     */
    public Builder secretKey(String name) {
      Objects.requireNonNull(name, "name must not be null");
      String normalized = SecretKeys.normalize(name);
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("name must contain a letter or digit: '" + name + "'");
      }
      keyNames.add(normalized);
      return this;
    }

    /**
     * Also masks every match of {@code pattern}. The pattern must be linear-time on its input (no nested
     * quantifiers), since it runs over every redacted text.
     *
     * @param pattern the pattern; not {@code null}
     * @return this builder
     */
    public Builder pattern(Pattern pattern) {
      patterns.add(Objects.requireNonNull(pattern, "pattern must not be null"));
      return this;
    }

    /**
     * Also masks every match of the regular expression {@code regex}; see {@link #pattern(Pattern)}.
     *
     * @param regex the regular expression
     * @return this builder
     * @throws java.util.regex.PatternSyntaxException if {@code regex} does not compile
     */
    public Builder pattern(String regex) {
      return pattern(Pattern.compile(Objects.requireNonNull(regex, "regex must not be null")));
    }

    /**
     * Sets the Shannon entropy, in bits per character, from which a mixed-case alphanumeric token is taken for
     * a secret (default {@value SecretRedactor#DEFAULT_ENTROPY_THRESHOLD}; lower masks more).
     *
     * @param bitsPerChar the threshold, above 0 and at most 8
     * @return this builder
     * @throws IllegalArgumentException if {@code bitsPerChar} is out of range
     */
    public Builder entropyThreshold(double bitsPerChar) {
      if (!(bitsPerChar > 0 && bitsPerChar <= 8)) {
        throw new IllegalArgumentException("bitsPerChar must be in (0, 8], was " + bitsPerChar);
      }
      this.entropyThreshold = bitsPerChar;
      return this;
    }

    /**
     * Sets the shortest token the entropy test looks at (default
     * {@value SecretRedactor#DEFAULT_ENTROPY_MIN_LENGTH}).
     *
     * @param chars the shortest token, at least 8 characters
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is below 8
     */
    public Builder entropyMinLength(int chars) {
      if (chars < 8) {
        throw new IllegalArgumentException("chars must be at least 8, was " + chars);
      }
      this.entropyMinLength = chars;
      return this;
    }

    /**
     * Turns the high-entropy test on (default) or off; the named shapes and keys stay on.
     *
     * @param enabled whether high-entropy tokens are masked
     * @return this builder
     */
    public Builder highEntropy(boolean enabled) {
      this.highEntropy = enabled;
      return this;
    }

    /**
     * Returns the redactor.
     *
     * @return the redactor
     */
    public Redactor build() {
      return new SecretRedactor(List.copyOf(keyNames), List.copyOf(patterns),
          highEntropy ? entropyThreshold : Double.NaN, entropyMinLength);
    }

    @Override
    public String toString() {
      return "Redactor.Builder{keys=" + keyNames + ", patterns=" + patterns.size() + ", entropy="
          + (highEntropy ? String.format(Locale.ROOT, "%.2f", entropyThreshold) : "off") + "}";
    }
  }
}
