package dev.agentguard.core.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a key (a JSON field, a header, an environment variable) names a secret. A key is split into
 * words at separators and case changes ({@code x-api-key}, {@code apiKey}, {@code API_KEY} are all
 * {@code api key}); it names a secret when its joined lower-case form contains a strong word
 * ({@code password}, {@code secret}, {@code apikey}, ...), ends in {@code token}, or has a weak word
 * ({@code token}, {@code auth}, {@code session}, ...) as a whole word. So {@code max_tokens} and
 * {@code tokenizer} are not secrets, {@code accessToken} and {@code session_id} are.
 */
final class SecretKeys {

  private static final List<String> STRONG = List.of(
      "password", "passwd", "passphrase", "secret", "credential", "apikey", "privatekey", "authorization",
      "cookie", "accesskey", "sessionid", "sessiontoken", "authtoken", "signingkey", "encryptionkey",
      "connectionstring", "clientkey");

  private static final Set<String> WEAK_WORDS = Set.of(
      "token", "auth", "session", "pass", "pwd", "jwt", "bearer", "sessid", "otp", "pin");

  private SecretKeys() {}

  /** Lower-case letters and digits of {@code key}, everything else dropped. */
  static String normalize(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  /** Whether {@code key} names a secret by the built-in words or by one of {@code extra} (normalized). */
  static boolean isSecret(String key, List<String> extra) {
    if (key.isEmpty() || key.length() > 256) {
      return false;
    }
    String joined = normalize(key);
    for (String s : STRONG) {
      if (joined.contains(s)) {
        return true;
      }
    }
    for (String s : extra) {
      if (joined.contains(s)) {
        return true;
      }
    }
    if (joined.endsWith("token")) {
      return true;
    }
    for (String word : words(key)) {
      if (WEAK_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Splits at non-alphanumerics and at lower-to-upper case changes; lower-cased. */
  static List<String> words(String key) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char prev = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
      } else {
        if (Character.isUpperCase(c) && prev != 0 && Character.isLowerCase(prev)) {
          flush(cur, out);
        }
        cur.append(c);
      }
      prev = c;
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString().toLowerCase(Locale.ROOT));
      cur.setLength(0);
    }
  }
}
