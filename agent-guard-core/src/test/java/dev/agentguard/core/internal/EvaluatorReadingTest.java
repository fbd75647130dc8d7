package dev.agentguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.json.JsonNodeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The evaluator reads the usual arguments without building their tree (it picks the members the descriptor
 * points at) and everything else through the tree. The oracle is Jackson's strict reading of the text and its
 * own JSON Pointer: for every text and tool, the resources found, the input decisions and the arguments the
 * checks see are what that reading gives.
 */
class EvaluatorReadingTest {

  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final Map<String, ToolDescriptor> TOOLS = Map.of(
      "fetch", ToolDescriptor.of("fetch", ResourceSpec.url("/url")),
      "copy", ToolDescriptor.of("copy", ResourceSpec.fileRead("/path"), ResourceSpec.fileWrite("/dest")),
      "shell", ToolDescriptor.of("shell", ResourceSpec.command("/cmd")),
      "deep", ToolDescriptor.of("deep", ResourceSpec.url("/opts/url"), ResourceSpec.fileRead("/path")));
  private static final String[] TOOL_NAMES = {"fetch", "copy", "shell", "deep", "undescribed"};

  private static final String[] KEYS = {"url", "path", "dest", "cmd", "opts", "x", "url"};
  private static final String[] VALUES = {"\"https://a.example/x\"", "\"/tmp/a b\"", "\"git status\"", "\"\"",
      "\"a\\\"b\"", "\"https:\\/\\/a.example\"", "\"\\u0041\"", "7", "-12", "true", "null", "[]",
      "[\"ls\",\"-la\"]", "[\"ls\",1]", "{}", "{\"url\":\"https://b.example\"}", "{\"url\":1}",
      "{\"url\":\"x\",\"url\":\"y\"}"};
  private static final String[] SPACE = {"", " ", "\n", "\t"};

  @Property(tries = 2000)
  void resourcesAndInputDecisionsAreWhatJacksonsTreeGives(@ForAll long seed) {
    Random random = new Random(seed);
    String tool = pick(random, TOOL_NAMES);
    String text = mutate(object(random), random);
    assertJudgedAsTheTreeSays(tool, text);
  }

  @Test
  void theUsualShapesAndTheirEdges() {
    for (String tool : TOOL_NAMES) {
      for (String text : List.of("{\"url\":\"https://a.example/x\"}", "{\"path\":\"a\",\"dest\":\"b\"}",
          "{\"cmd\":\"git status\"}", "{\"cmd\":[\"git\",\"status\"]}", "{\"opts\":{\"url\":\"https://a\"}}", "{}",
          "", "  ", "[]", "\"s\"", "{\"url\":\"a\",\"url\":\"b\"}", "{\"url\":1}", "{\"path\":null}", "{\"url\":",
          "{\"path\":\"a\\nb\",\"dest\":\"c\"}", "{\"url\":\"x\"} {}")) {
        assertJudgedAsTheTreeSays(tool, text);
      }
    }
  }

  private static void assertJudgedAsTheTreeSays(String tool, String text) {
    List<CheckRequest> seen = new ArrayList<>();
    GuardCheck recording = new GuardCheck() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public List<Decision> evaluate(CheckRequest request) {
        seen.add(request);
        return List.of(Decision.allow("recording", "recording.seen", "seen"));
      }
    };
    Evaluator evaluator = new Evaluator(TOOLS, List.of(recording), GuardLimits.DEFAULTS, true);
    Evaluation evaluation = evaluator.evaluate(ToolCall.of(tool, text));

    JsonNode tree = strict(text);
    List<Resource> resources = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    if (tree == null || !tree.isObject()) {
      rules.add("input.invalid-json");
    } else {
      ToolDescriptor descriptor = TOOLS.get(tool);
      for (ResourceSpec spec : descriptor == null ? List.<ResourceSpec>of() : descriptor.resources()) {
        expect(spec, tree.at(spec.pointer()), resources, rules);
      }
      rules.add("recording.seen");
    }
    assertThat(evaluation.resources()).as(tool + " " + text).isEqualTo(resources);
    assertThat(evaluation.decisions()).extracting(Decision::rule).as(tool + " " + text).isEqualTo(rules);
    if (tree != null && tree.isObject()) {
      assertThat(seen).hasSize(1);
      CheckRequest request = seen.get(0);
      assertThat(request.resources()).isEqualTo(resources);
      assertThat(request.hasDescriptor()).isEqualTo(TOOLS.containsKey(tool));
      assertThat(request.arguments().isObject()).isTrue();
      assertThat(JsonNodeValue.nodeOf(request.arguments())).as(text).isEqualTo(tree);
    } else {
      assertThat(seen).isEmpty();
    }
  }

  private static void expect(ResourceSpec spec, JsonNode node, List<Resource> resources, List<String> rules) {
    if (node.isMissingNode()) {
      rules.add("input.missing-argument");
    } else if (node.isTextual()) {
      resources.add(spec.kind() == ResourceKind.URL ? new Resource.NetworkAccess(node.textValue())
          : spec.kind() == ResourceKind.FILE ? new Resource.FileAccess(node.textValue(), spec.access())
          : Resource.CommandExec.line(node.textValue()));
    } else if (spec.kind() == ResourceKind.COMMAND && node.isArray() && allText(node)) {
      List<String> argv = new ArrayList<>();
      node.forEach(e -> argv.add(e.textValue()));
      resources.add(Resource.CommandExec.argv(argv));
    } else {
      rules.add("input.invalid-argument");
    }
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode e : array) {
      if (!e.isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** Jackson's strict reading; blank text is an empty object, as the guard reads it. */
  private static JsonNode strict(String text) {
    if (text.isBlank()) {
      return STRICT.createObjectNode();
    }
    try {
      return STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String object(Random random) {
    StringBuilder b = new StringBuilder(pick(random, SPACE)).append('{');
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(pick(random, SPACE)).append('"').append(pick(random, KEYS)).append("\":")
          .append(pick(random, SPACE)).append(pick(random, VALUES));
    }
    return b.append(pick(random, SPACE)).append('}').toString();
  }

  /** Leaves most texts alone; otherwise cuts or appends, or makes the value an array. */
  private static String mutate(String text, Random random) {
    switch (random.nextInt(10)) {
      case 0:
        return text.substring(0, random.nextInt(text.length()));
      case 1:
        return text + pick(random, new String[] {" ", "x", "}", ",1"});
      case 2:
        return "[" + text + "]";
      default:
        return text;
    }
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
