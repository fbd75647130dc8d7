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
        return KeyValues.redactNamedKeys(redactTextUnsafe(json), extraKeys);
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
    out = KeyValues.redactKeyValues(out);
    out = SecretShapes.redact(out);
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

}
