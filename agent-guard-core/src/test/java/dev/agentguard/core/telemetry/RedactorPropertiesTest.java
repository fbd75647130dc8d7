package dev.agentguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Redaction never throws, is idempotent, and masks a secret wherever ordinary text puts it. */
class RedactorPropertiesTest {

  private static final Redactor R = Redactor.defaults();

  /** Made up; real-shaped only. */
  private static final String[] SECRETS = {
      "AKIAIOSFODNN7EXAMPLE", "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R", "xoxb-2048-4096-abcdefghijklmnopqrstuvwx",
      "sk-proj-Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9", "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"};

  @Property(tries = 300)
  void neverThrowsAndIsIdempotent(@ForAll String text) {
    String once = R.redactText(text);
    assertThat(R.redactText(once)).isEqualTo(once);
    String json = R.redactJson(text);
    assertThat(json).isNotNull();
  }

  @Property(tries = 200)
  void jsonRedactionIsIdempotent(@ForAll("jsonish") String json) {
    String once = R.redactJson(json);
    assertThat(R.redactJson(once)).isEqualTo(once);
  }

  @Property(tries = 300)
  void secretsAreMaskedBetweenOrdinaryWords(
      @ForAll("words") String before, @ForAll("secretIndex") int index, @ForAll("words") String after,
      @ForAll("separators") String left, @ForAll("separators") String right) {
    String secret = SECRETS[index];
    String text = before + left + secret + right + after;
    assertThat(R.redactText(text)).doesNotContain(secret);
    String json = "{\"note\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    assertThat(R.redactJson(json)).doesNotContain(secret);
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("", "please", "use", "the key", "token", "/tmp/x", "cat", "README.md", "value:")
        .list().ofMaxSize(4).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<Integer> secretIndex() {
    return Arbitraries.integers().between(0, SECRETS.length - 1);
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of(" ", "\n", "'", "\"", "=", ": ", "(", ")", ",", "/", "\t", "<", ">", ";", "[", "]");
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> keys = Arbitraries.of("path", "password", "token", "query", "api_key", "items", "note");
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of(SECRETS).map(s -> "\"" + s + "\""),
        Arbitraries.strings().alpha().numeric().ofMaxLength(30).map(s -> "\"" + s + "\""),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("true", "null"));
    return Arbitraries.maps(keys, values).ofMaxSize(5).map(m -> {
      StringBuilder b = new StringBuilder("{");
      m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
      return b.append('}').toString();
    });
  }
}
