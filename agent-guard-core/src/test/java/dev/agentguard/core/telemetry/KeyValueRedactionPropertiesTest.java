package dev.agentguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Both key/value passes mask: the text pass (secret words such as {@code password} or {@code token} before
 * {@code =} or {@code :}) and the named-key pass for JSON that cannot be read as a tree (any key the secret-key
 * rules name, such as {@code pwd} or {@code authToken}). Generated texts put a value after such a key in every
 * quoting style, between ordinary words; the value must be gone and the key and words kept.
 */
class KeyValueRedactionPropertiesTest {

  private static final Redactor R = Redactor.defaults();

  /** Keys the text pass finds by its own words (and the named-key pass finds too). */
  private static final String[] TEXT_KEYS = {
      "password", "PASSWORD", "db_password", "passwd", "secret", "client_secret", "api_key", "apiKey", "API-KEY",
      "private_key", "access_key", "token", "refresh_token", "credential", "session_id"};

  /** Keys only the named-key rules take for secrets (weak words, camel-case parts). */
  private static final String[] NAMED_ONLY_KEYS = {"pwd", "auth", "userPwd", "otp", "pin", "sessid", "jwt"};

  /** A value no ordinary word, key or mask contains, of letters only (no secret shape, low entropy). */
  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars("abcdefghjkmnpqrstuvwxyz").ofMinLength(6).ofMaxLength(16)
        .map(s -> "Zq" + s);
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("", "login with", "then", "config:", "x=1", "see README.md", "user: bob")
        .list().ofMaxSize(3).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of("=", ": ", ":", " = ", "=\t");
  }

  /** Bare, double-quoted, single-quoted, or in escaped double quotes (a JSON string inside a string). */
  @Provide
  Arbitrary<String[]> quotes() {
    return Arbitraries.of(new String[] {"", ""}, new String[] {"\"", "\""}, new String[] {"'", "'"},
        new String[] {"\\\"", "\\\""});
  }

  @Provide
  Arbitrary<String> textKeys() {
    return Arbitraries.of(TEXT_KEYS);
  }

  @Provide
  Arbitrary<String> namedOnlyKeys() {
    return Arbitraries.of(NAMED_ONLY_KEYS);
  }

  @Property(tries = 400)
  void theTextPassMasksValuesAfterSecretWords(@ForAll("textKeys") String key, @ForAll("separators") String sep,
      @ForAll("quotes") String[] quote, @ForAll("values") String value, @ForAll("words") String before,
      @ForAll("words") String after) {
    String pair = key + sep + quote[0] + value + quote[1];
    String text = before + " " + pair + " " + after;
    String redacted = R.redactText(text);
    assertThat(redacted).doesNotContain(value).contains(key + sep + quote[0]).contains(after.strip());
  }

  @Property(tries = 400)
  void theNamedKeyPassMasksValuesInJsonThatIsNotATree(@ForAll("namedKeys") String key,
      @ForAll("values") String value, @ForAll("values") String other, @ForAll boolean truncated) {
    Assume.that(!value.contains(other) && !other.contains(value));
    // A quoted key, as in JSON that is cut short or otherwise malformed: only the named-key pass sees it whole.
    String json = "{\"note\": \"" + other + "\", \"" + key + "\": \"" + value + "\"" + (truncated ? "" : ",}");
    String redacted = R.redactJson(json);
    assertThat(redacted).doesNotContain(value).contains("\"" + key + "\"").contains(other);
  }

  @Provide
  Arbitrary<String> namedKeys() {
    return Arbitraries.oneOf(textKeys(), namedOnlyKeys());
  }

  /** A value that starts with the mask is skipped, but a key inside it is still read (both passes). */
  @Property(tries = 200)
  void aValueAlreadyMaskedHidesNoLaterKey(@ForAll("textKeys") String key, @ForAll("namedOnlyKeys") String named,
      @ForAll("separators") String sep, @ForAll("values") String value) {
    String text = key + sep + Redactor.MASK + key + sep + value;
    assertThat(R.redactText(text)).doesNotContain(value);
    String json = "{\"note\": 1, " + named + "=" + Redactor.MASK + named + "=" + value;
    assertThat(R.redactJson(json)).doesNotContain(value);
  }

  /** The text pass reads on inside a quoted value that starts with the mask: a secret key there is masked too. */
  @Property(tries = 100)
  void aKeyInsideAMaskedQuotedValueIsRead(@ForAll("textKeys") String key, @ForAll("values") String value) {
    String text = "password=\"" + Redactor.MASK + " " + key + "=" + value + "\"";
    assertThat(R.redactText(text)).doesNotContain(value).startsWith("password=\"" + Redactor.MASK + " " + key);
  }

  @Property(tries = 200)
  void bothPassesLeaveOrdinaryKeysAlone(@ForAll("values") String value, @ForAll("separators") String sep) {
    String text = "name" + sep + value;
    assertThat(R.redactText(text)).isEqualTo(text);
    String json = "{\"name\": \"" + value + "\"";
    assertThat(R.redactJson(json)).contains(value);
  }
}
