package dev.agentguard.core.telemetry;

import static dev.agentguard.core.telemetry.Redactor.MASK;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key/value passes of the default redactor: the value after a secret-named key and {@code =} or {@code :}
 * is masked, keeping its quotes. One loop serves the text pass (keys found by their secret words) and the
 * named-key pass for JSON or YAML that could not be read as a tree (keys judged by {@link SecretKeys}).
 */
final class KeyValues {

  private static final int MAX_VALUE_SCAN = 8192;

  /** A secret-named key followed by {@code =} or {@code :}, as in env files, headers, YAML, query strings. */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(password|passwd|passphrase|secret|credential|api[_-]?key"
          + "|private[_-]?key|access[_-]?key|token|authorization|cookie|session[_-]?id)"
          + "[A-Za-z0-9_.-]{0,40}\\\\?[\"']?[ \\t]{0,8}[:=][ \\t]{0,8}");

  /** A key (quoted or bare) followed by {@code :} or {@code =}: its name is judged by {@link SecretKeys}. */
  private static final Pattern ANY_KEY = Pattern.compile(
      "(?<![A-Za-z0-9_$-])([\"']?)([A-Za-z_$][A-Za-z0-9_.$-]{0,63})\\1[ \t]{0,8}[:=][ \t]{0,8}");

  private KeyValues() {}

  /** How far a key's value runs, once its key is taken for a secret's. */
  private enum Extent {
    /** Not a secret's key: the value is kept. */
    KEPT,
    /** Up to the next delimiter (or the closing quote of a quoted value). */
    TOKEN,
    /** To the end of the line: an authorization or cookie header. */
    LINE
  }

  /**
   * Masks the value after a secret-named key and {@code =} or {@code :}: a quoted value up to its closing quote,
   * an authorization or cookie header to the end of the line, anything else up to the next delimiter.
   */
  static String redactKeyValues(String text) {
    return maskValues(text, KEY_VALUE, KeyValues::namedSecretExtent);
  }

  /** The key words KEY_VALUE finds are all secret; the two header names run to the end of the line. */
  private static Extent namedSecretExtent(Matcher m) {
    String word = m.group(1).toLowerCase(java.util.Locale.ROOT);
    return word.equals("authorization") || word.equals("cookie") ? Extent.LINE : Extent.TOKEN;
  }

  /**
   * Masks the value after every key whose name {@link SecretKeys} takes for a secret ({@code pwd}, {@code auth},
   * {@code apiKey}, and the names added to this redactor), for text that looks like JSON or YAML but could not
   * be read as a tree.
   */
  static String redactNamedKeys(String text, List<String> extraKeys) {
    return maskValues(text, ANY_KEY, m -> SecretKeys.isSecret(m.group(2), extraKeys) ? Extent.TOKEN : Extent.KEPT);
  }

  /**
   * The one find-and-mask loop: for each match of {@code keys} (a key followed by {@code :} or {@code =}) that
   * {@code secretKey} takes for a secret's, masks the value after it, keeping its quotes. A value that is empty
   * or already masked is skipped, and the search goes on right after its key, so nothing it holds goes unread.
   */
  private static String maskValues(String text, Pattern keys, Function<Matcher, Extent> secretKey) {
    if (text.indexOf(':') < 0 && text.indexOf('=') < 0) {
      // Every key match contains a literal ':' or '=' (neither has a case variant): nothing to find, and a
      // case-insensitive alternation need not be tried at every position.
      return text;
    }
    Matcher m = keys.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < text.length() && m.find(from)) {
      from = Math.max(m.end(), m.start() + 1);
      Extent extent = secretKey.apply(m);
      if (extent == Extent.KEPT) {
        continue;
      }
      int valueStart = m.end();
      int valueEnd = valueEnd(text, valueStart, extent == Extent.LINE);
      if (valueEnd <= valueStart || isMaskAt(text, valueStart, valueEnd)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      int quote = quoteWidth(text, valueStart, valueEnd);
      out.append(text, copied, valueStart + quote).append(MASK);
      copied = valueEnd - quote;
      from = valueEnd;
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, text.length());
    return out.toString();
  }

  /** The width of the quote around a value that {@link #valueEnd} ended at its closing quote: 2, 1 or 0. */
  private static int quoteWidth(String text, int valueStart, int valueEnd) {
    char first = text.charAt(valueStart);
    if (first == '\\' && text.startsWith("\\\"", valueStart) && valueEnd - valueStart >= 4
        && text.startsWith("\\\"", valueEnd - 2)) {
      return 2;
    }
    if ((first == '"' || first == '\'') && valueEnd - valueStart >= 2 && text.charAt(valueEnd - 1) == first) {
      return 1;
    }
    return 0;
  }

  private static boolean isMaskAt(String text, int start, int end) {
    int s = start;
    if (s < end && (text.charAt(s) == '"' || text.charAt(s) == '\'')) {
      s++;
    }
    return text.startsWith(MASK, s);
  }

  private static int valueEnd(String text, int start, boolean wholeLine) {
    int limit = Math.min(text.length(), start + MAX_VALUE_SCAN);
    if (start >= text.length()) {
      return start;
    }
    char first = text.charAt(start);
    if (first == '\\' && start + 1 < text.length() && text.charAt(start + 1) == '"') {
      int close = text.indexOf("\\\"", start + 2);
      return close < 0 || close + 2 > limit ? limit : close + 2;
    }
    if (first == '"' || first == '\'') {
      for (int i = start + 1; i < limit; i++) {
        char c = text.charAt(i);
        if (c == '\\' && first == '"') {
          i++;
        } else if (c == first) {
          return i + 1;
        } else if (c == '\n' || c == '\r') {
          return i;
        }
      }
      return limit;
    }
    for (int i = start; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '"' || c == '\'') {
        return i;
      }
      if (!wholeLine && (Character.isWhitespace(c) || c == ',' || c == ';' || c == '&' || c == '}'
          || c == ')' || c == ']' || c == '>' || c == '<')) {
        return i;
      }
    }
    return limit;
  }
}
