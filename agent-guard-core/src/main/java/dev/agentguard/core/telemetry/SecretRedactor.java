package dev.agentguard.core.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default {@link Redactor}: masks the values of secret-named JSON keys at any depth, then secret-shaped
 * substrings of every string value; text that is not JSON gets the text passes only.
 *
 * <p>Every pass is linear in its input: each pattern either starts at a literal or may only start where a
 * token starts (a negative look-behind on the token alphabet), and every unbounded repetition is greedy over a
 * single character class that nothing after it has to backtrack into.
 */
final class SecretRedactor implements Redactor {

  static final double DEFAULT_ENTROPY_THRESHOLD = 3.5;
  static final int DEFAULT_ENTROPY_MIN_LENGTH = 20;

  static final SecretRedactor DEFAULT =
      new SecretRedactor(List.of(), List.of(), DEFAULT_ENTROPY_THRESHOLD, DEFAULT_ENTROPY_MIN_LENGTH);

  private static final int MAX_JSON_DEPTH = 200;
  private static final int MAX_VALUE_SCAN = 8192;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_JSON_DEPTH).maxStringLength(64 * 1024 * 1024).build());
    JSON.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** A token must not continue to the left of a shape's start. */
  private static final String START = "(?<![A-Za-z0-9_-])";

  private static final List<Shape> SHAPES = List.of(
      // AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
      new Shape(Pattern.compile(START + "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA"
          + "|ASCA)[A-Z0-9]{16}(?![A-Za-z0-9])"), 0, null,
          "A3T", "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "ASCA"),
      // GitHub personal, OAuth, app, user-to-server and refresh tokens; fine-grained PATs
      new Shape(Pattern.compile(START + "(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"), 0, null,
          "gh"),
      // GitLab personal access tokens, npm, Hugging Face
      new Shape(Pattern.compile(START + "(?:glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,})"),
          0, null, "glpat-", "npm_", "hf_"),
      // Slack bot / user / app / refresh tokens and incoming-webhook paths
      new Shape(Pattern.compile(START + "xox[abposre]-[A-Za-z0-9-]{10,}"), 0, null, "xox"),
      new Shape(Pattern.compile("hooks\\.slack\\.com/services/([A-Za-z0-9/_-]{10,})"), 1, null,
          "hooks.slack.com"),
      // OpenAI (sk-, sk-proj-, sk-svcacct-) and Anthropic (sk-ant-...) style keys
      new Shape(Pattern.compile(START + "sk-[A-Za-z0-9_-]{20,}"), 0, SecretRedactor::hasDigitOrUpper, "sk-"),
      // Stripe secret and restricted keys, webhook secrets
      new Shape(Pattern.compile(START + "(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})"),
          0, null, "_live_", "_test_", "whsec_"),
      // Google API keys
      new Shape(Pattern.compile(START + "AIza[0-9A-Za-z_-]{35}"), 0, null, "AIza"),
      // SendGrid
      new Shape(Pattern.compile(START + "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}"), 0, null, "SG."),
      // JSON Web Tokens (signed or not)
      new Shape(Pattern.compile(START + "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), 0, null, "eyJ"),
      // Authorization schemes: Bearer <token>, Basic <base64>
      new Shape(Pattern.compile("(?i)(?<![A-Za-z0-9])bearer\\s{1,8}([A-Za-z0-9._~+/-]+=*)"), 1,
          SecretRedactor::looksLikeCredential, "bearer"),
      new Shape(Pattern.compile("(?<![A-Za-z0-9])[Bb]asic\\s{1,8}([A-Za-z0-9+/]{6,}={0,2})"), 1,
          s -> s.chars().anyMatch(c -> Character.isDigit(c) || c == '=' || c == '+' || c == '/'), "asic"),
      // URL userinfo password: scheme://user:password@host
      new Shape(Pattern.compile("://([^/\\s@:?#\"']{0,256}):([^/\\s@?#\"']{1,256})@"), 2, null, "://"));

  /** A secret-named key followed by {@code =} or {@code :}, as in env files, headers, YAML, query strings. */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)(password|passwd|passphrase|secret|credential|api[_-]?key"
          + "|private[_-]?key|access[_-]?key|token|authorization|cookie|session[_-]?id)"
          + "[A-Za-z0-9_.-]{0,40}\\\\?[\"']?[ \\t]{0,8}[:=][ \\t]{0,8}");

  /** A key (quoted or bare) followed by {@code :} or {@code =}: its name is judged by {@link SecretKeys}. */
  private static final Pattern ANY_KEY = Pattern.compile(
      "(?<![A-Za-z0-9_$-])([\"']?)([A-Za-z_$][A-Za-z0-9_.$-]{0,63})\\1[ \t]{0,8}[:=][ \t]{0,8}");

  private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----");
  private static final Pattern PEM_END = Pattern.compile("-----END [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----");

  private final List<String> extraKeys;
  private final List<Pattern> extraPatterns;
  private final double entropyThreshold;
  private final int entropyMinLength;

  SecretRedactor(List<String> extraKeys, List<Pattern> extraPatterns, double entropyThreshold,
      int entropyMinLength) {
    this.extraKeys = extraKeys;
    this.extraPatterns = extraPatterns;
    this.entropyThreshold = entropyThreshold;
    this.entropyMinLength = entropyMinLength;
  }

  @Override
  public String redactJson(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode tree;
      try {
        tree = JSON.readTree(json);
      } catch (Exception | StackOverflowError notJson) {
        tree = null;
      }
      if (tree == null || tree.isMissingNode()) {
        // Malformed or too deep to read as a tree: the key rules still apply, by name, to the text.
        return redactNamedKeys(redactTextUnsafe(json));
      }
      boolean[] changed = new boolean[1];
      JsonNode redacted = walk(tree, changed, 0);
      return changed[0] ? JSON.writeValueAsString(redacted) : json;
    } catch (RuntimeException | StackOverflowError | com.fasterxml.jackson.core.JsonProcessingException e) {
      return MASK;
    }
  }

  @Override
  public String redactText(String text) {
    if (text == null) {
      return null;
    }
    try {
      return redactTextUnsafe(text);
    } catch (RuntimeException | StackOverflowError e) {
      return MASK;
    }
  }

  private JsonNode walk(JsonNode node, boolean[] changed, int depth) {
    if (depth > MAX_JSON_DEPTH) {
      changed[0] = true;
      return TextNode.valueOf(MASK);
    }
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(obj.properties());
      for (Map.Entry<String, JsonNode> field : fields) {
        JsonNode value = field.getValue();
        if (SecretKeys.isSecret(field.getKey(), extraKeys) && !value.isNull() && !value.isBoolean()) {
          if (!(value.isTextual() && (value.asText().isEmpty() || MASK.equals(value.asText())))) {
            obj.set(field.getKey(), TextNode.valueOf(MASK));
            changed[0] = true;
          }
        } else {
          JsonNode replaced = walk(value, changed, depth + 1);
          if (replaced != value) {
            obj.set(field.getKey(), replaced);
          }
        }
      }
      return obj;
    }
    if (node.isArray()) {
      ArrayNode arr = (ArrayNode) node;
      for (int i = 0; i < arr.size(); i++) {
        JsonNode value = arr.get(i);
        JsonNode replaced = walk(value, changed, depth + 1);
        if (replaced != value) {
          arr.set(i, replaced);
        }
      }
      return arr;
    }
    if (node.isTextual()) {
      String text = node.asText();
      String redacted = redactTextUnsafe(text);
      if (!redacted.equals(text)) {
        changed[0] = true;
        return TextNode.valueOf(redacted);
      }
    }
    return node;
  }

  private String redactTextUnsafe(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String out = redactPem(text);
    out = redactKeyValues(out);
    for (Shape shape : SHAPES) {
      out = shape.apply(out);
    }
    for (Pattern p : extraPatterns) {
      out = p.matcher(out).replaceAll(Matcher.quoteReplacement(MASK));
    }
    if (!Double.isNaN(entropyThreshold)) {
      out = HighEntropy.redact(out, entropyThreshold, entropyMinLength);
    }
    return out;
  }

  /** Masks PEM private key blocks; a block without its END line is masked to the end of the text. */
  private static String redactPem(String text) {
    if (!text.contains("PRIVATE KEY")) {
      return text;
    }
    Matcher begin = PEM_BEGIN.matcher(text);
    Matcher end = PEM_END.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int from = 0;
    while (from < text.length() && begin.find(from)) {
      out.append(text, copied, begin.end()).append(MASK);
      if (end.find(begin.end())) {
        out.append(text, end.start(), end.end());
        copied = end.end();
      } else {
        copied = text.length();
      }
      from = copied;
    }
    out.append(text, copied, text.length());
    return out.toString();
  }

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
  private static String redactKeyValues(String text) {
    return maskValues(text, KEY_VALUE, SecretRedactor::namedSecretExtent);
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
  private String redactNamedKeys(String text) {
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

  /** Like {@link #containsAny}, comparing as {@link String#regionMatches(boolean, int, String, int, int)} does. */
  private static boolean containsAnyIgnoringCase(String text, List<String> literals) {
    for (String literal : literals) {
      for (int i = 0; i + literal.length() <= text.length(); i++) {
        if (text.regionMatches(true, i, literal, 0, literal.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsAny(String text, List<String> literals) {
    for (String literal : literals) {
      if (text.contains(literal)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDigitOrUpper(String s) {
    for (int i = 3; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeCredential(String s) {
    if (s.length() < 8) {
      return false;
    }
    if (s.length() >= 20) {
      return true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isLetter(c)) {
        return true;
      }
    }
    return false;
  }

  /** A secret shape: a pattern, the group to mask, and an optional check on that group. */
  private static final class Shape {
    private final Pattern pattern;
    private final int group;
    private final Predicate<String> accept;
    /** Texts every match contains (in any case when the pattern ignores case): a cheap test before the regex. */
    private final List<String> literals;
    private final boolean ignoreCase;

    Shape(Pattern pattern, int group, Predicate<String> accept, String... literals) {
      this.pattern = pattern;
      this.group = group;
      this.accept = accept;
      this.literals = List.of(literals);
      this.ignoreCase = (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0 || pattern.pattern().startsWith("(?i)");
    }

    String apply(String text) {
      if (!literals.isEmpty()
          && !(ignoreCase ? containsAnyIgnoringCase(text, literals) : containsAny(text, literals))) {
        return text;
      }
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        return text;
      }
      StringBuilder out = new StringBuilder(text.length());
      int copied = 0;
      do {
        String value = m.group(group);
        if (value == null || value.isEmpty() || value.equals(MASK) || (accept != null && !accept.test(value))) {
          continue;
        }
        out.append(text, copied, m.start(group)).append(MASK);
        copied = m.end(group);
      } while (m.find());
      if (copied == 0) {
        return text;
      }
      out.append(text, copied, text.length());
      return out.toString();
    }
  }
}
