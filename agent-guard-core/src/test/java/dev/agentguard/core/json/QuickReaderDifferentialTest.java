package dev.agentguard.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Json#parse} reads the usual arguments with {@link QuickReader} and everything else with Jackson. The
 * oracle is Jackson's reading alone ({@link Json#parseWithJackson}): for every text, both give the same tree
 * (node types, values, key order) or the same error.
 */
class QuickReaderDifferentialTest {

  private static final String[] KEYS = {"url", "path", "command", "a", "b", "", "k\u00e9y", "url"};
  private static final String[] NUMBERS = {"0", "-0", "01", "7", "-12", "123456789", "999999999", "1234567890",
      "-2147483648", "1.5", "1e3", "1E3", "-", "00", "2.", "9223372036854775808", "-123456789"};
  private static final String[] STRINGS = {"", "https://api.github.com/repos", "git status", "a\\\"b", "tab\\t",
      "raw\ttab", "\\u0041", "nul\u0000", "\u2028", "\ud83d\ude00", "\ud83d", "\u007f", "caf\u00e9", "\\/"};
  private static final String[] LITERALS = {"true", "false", "null", "tru", "nul", "falsey", "True", "NaN"};
  private static final String INSERTS = "{}[]\":,-0ex \\\u0001";
  private static final String[] SPACE = {"", " ", "\n", "\t", "\r\n", "  ", "\u00a0", "\f"};

  @Property(tries = 3000)
  void quickReadingEqualsJacksonsOnGeneratedText(@ForAll long seed) {
    Random random = new Random(seed);
    String text = mutate(value(random, 0), random);
    assertThat(outcome(() -> Json.parse(text))).as(text).isEqualTo(outcome(() -> Json.parseWithJackson(text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"url\":\"https://a.example/x\"}", " { \"a\" : [1, -2, true, false, null, {}] } ",
      "{\"a\":1,\"a\":2}", "{\"a\":-0}", "{\"a\":1.0}", "{\"a\":\"\\u0041\"}", "[1,]", "{\"a\":1,}", "{}x",
      "\"s\"", "12", "-", "{\"a\":01}", "{\"a\":1234567890}", "{\"a\":\"x\ny\"}", "\ufeff{}", "{'a':1}",
      "{\"a\":1}/*c*/", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
  void quickReadingEqualsJacksonsOnEdgeCases(String text) {
    assertThat(outcome(() -> Json.parse(text))).as(text).isEqualTo(outcome(() -> Json.parseWithJackson(text)));
  }

  /**
   * {@link Json#members} picks what the tree holds: whenever it answers, Jackson reads the text as an object and
   * each named member is absent ({@code null}) or a string with exactly the picked value; it declines
   * ({@code null}) only where Jackson fails, the value is not an object, a named member is not a string, or the
   * quick reader declines too.
   */
  @Property(tries = 3000)
  void pickedMembersAreWhatJacksonsTreeHolds(@ForAll long seed) {
    Random random = new Random(seed);
    String text = mutate(object(random), random);
    String[] names = {pick(random, KEYS), pick(random, KEYS)};
    String[] picked = Json.members(text, names);
    JsonNode tree;
    try {
      tree = Json.parseWithJackson(text);
    } catch (Json.Malformed e) {
      assertThat(picked).as(text).isNull();
      return;
    }
    if (picked == null) {
      boolean stringsOrAbsent =
          tree.isObject() && textOrAbsent(tree.get(names[0])) && textOrAbsent(tree.get(names[1]));
      if (stringsOrAbsent && QuickReader.read(text) != null) {
        // Only keys whose hashes cover each other's make it decline here: never the few keys generated.
        assertThat(maxKeys(tree)).as(text).isGreaterThan(8);
      }
      return;
    }
    assertThat(tree.isObject()).as(text).isTrue();
    for (int i = 0; i < names.length; i++) {
      JsonNode member = tree.get(names[i]);
      assertThat(picked[i]).as(text + " " + names[i]).isEqualTo(member == null ? null : member.textValue());
      assertThat(member == null || member.isTextual()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"url\":\"https://a.example/x\",\"url\":\"https://b.example\"}", "[\"url\"]",
      "\"url\"", "", " ", "{\"url\":1}", "{\"url\":[\"x\"]}", "{\"url\":\"x\"} x", "{\"url\":\"a\\nb\"}",
      "{\"u\\u0072l\":\"x\"}", "{\"a\":{\"b\":1,\"b\":2},\"url\":\"x\"}", "{\"url\":\"x\",}"})
  void declinesWhatTheTreeMustDecide(String text) {
    assertThat(Json.members(text, new String[] {"url"})).as(text).isNull();
  }

  @Test
  void picksTheUsualArgumentsWithoutATree() {
    assertThat(Json.members(" {\"url\" : \"https://a.example/x?y=1\", \"n\":[1,{\"url\":2}], \"m\":{}} ",
        new String[] {"url", "method", "url"})).containsExactly("https://a.example/x?y=1", null,
            "https://a.example/x?y=1");
    assertThat(Json.members("{}", new String[] {"path"})).containsExactly((String) null);
    assertThat(Json.members("{\"command\":\"git status\"}", new String[0])).isEmpty();
  }

  private static boolean textOrAbsent(JsonNode member) {
    return member == null || member.isTextual();
  }

  /** The most keys of any one object in {@code node}. */
  private static int maxKeys(JsonNode node) {
    int max = node.isObject() ? node.size() : 0;
    for (JsonNode child : node) {
      max = Math.max(max, maxKeys(child));
    }
    return max;
  }

  /** An object of up to five members, as the usual arguments are. */
  private static String object(Random random) {
    StringBuilder b = new StringBuilder(pick(random, SPACE)).append('{');
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(pick(random, SPACE)).append('"').append(pick(random, KEYS))
          .append('"').append(pick(random, SPACE)).append(':').append(pick(random, SPACE))
          .append(value(random, 1));
    }
    return b.append(pick(random, SPACE)).append('}').toString();
  }

  @Test
  void theUsualArgumentsAreReadQuickly() {
    assertThat(QuickReader.read("{\"url\":\"https://api.github.com/repos/acme?state=open\"}")).isNotNull();
    assertThat(QuickReader.read("{\"command\":[\"git\",\"status\"],\"timeout\":30,\"dry\":false}")).isNotNull();
    assertThat(QuickReader.read("{\"a\":\"\\n\"}")).as("escapes go to Jackson").isNull();
    assertThat(QuickReader.read("{\"a\":1,\"a\":1}")).as("repeated keys go to Jackson").isNull();
    assertThat(QuickReader.read("{\"" + "k".repeat(QuickReader.MAX_KEY + 1) + "\":1}")).isNull();
    assertThat(QuickReader.read("[".repeat(QuickReader.MAX_DEPTH + 1) + "]".repeat(QuickReader.MAX_DEPTH + 1)))
        .isNull();
  }

  @Test
  void aKeyJacksonRefusesForItsLengthIsRefusedTheSameWay() {
    String text = "{\"" + "k".repeat(60_000) + "\":1}";
    assertThat(outcome(() -> Json.parse(text))).isEqualTo(outcome(() -> Json.parseWithJackson(text)));
  }

  private interface Reading {
    JsonNode read() throws Json.Malformed;
  }

  private static String outcome(Reading reading) {
    try {
      StringBuilder out = new StringBuilder("tree ");
      describe(reading.read(), out);
      return out.toString();
    } catch (Json.Malformed e) {
      return "error " + e.getMessage() + (e.tooDeep() ? " (too deep)" : "");
    }
  }

  /** Node types, values and key order: what {@code JsonNode.equals} alone would not compare. */
  private static void describe(JsonNode node, StringBuilder out) {
    out.append(node.getClass().getSimpleName()).append('(');
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.append('"').append(e.getKey()).append("\":");
        describe(e.getValue(), out);
        out.append(',');
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        describe(element, out);
        out.append(',');
      }
    } else {
      out.append(node.toString());
    }
    out.append(')');
  }

  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth > 6 ? 4 : 6);
    switch (kind) {
      case 0:
        return pick(random, NUMBERS);
      case 1:
        return '"' + pick(random, STRINGS) + '"';
      case 2:
        return pick(random, LITERALS);
      case 3:
        return random.nextInt(20) == 0 ? "[".repeat(40) + "]".repeat(40) : "[]";
      case 4: {
        StringBuilder b = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append(pick(random, SPACE)).append(value(random, depth + 1));
        }
        return b.append(pick(random, SPACE)).append(']').toString();
      }
      default: {
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append(pick(random, SPACE)).append('"').append(pick(random, KEYS))
              .append('"').append(pick(random, SPACE)).append(':').append(value(random, depth + 1));
        }
        return b.append(pick(random, SPACE)).append('}').toString();
      }
    }
  }

  /** Leaves most texts alone; otherwise cuts, inserts or deletes a character, or appends text. */
  private static String mutate(String text, Random random) {
    if (text.isEmpty()) {
      return text;
    }
    int at = random.nextInt(text.length());
    switch (random.nextInt(8)) {
      case 0:
        return text.substring(0, at);
      case 1:
        return text.substring(0, at) + INSERTS.charAt(random.nextInt(INSERTS.length())) + text.substring(at);
      case 2:
        return text.substring(0, at) + text.substring(at + 1);
      case 3:
        return text + pick(random, new String[] {" ", "x", "}", ",1", "\u0000"});
      default:
        return text;
    }
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
