package dev.agentguard.core.approval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Computes the fingerprint an approval is bound to: SHA-256 (lower-case hex) of the canonical JSON of the tool
 * name, the arguments (object keys sorted, no insignificant whitespace, numbers kept exactly as written), the
 * call's working directory when it names one, and the resolved resources. Two calls share a fingerprint exactly
 * when they ask the same thing; arguments that differ in any value give different fingerprints.
 */
public final class Fingerprints {

  private static final JsonNodeFactory NODES = new JsonNodeFactory(true);

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(NODES)
      .build();

  private Fingerprints() {}

  /**
   * Returns the fingerprint of {@code call} touching {@code resources}.
   *
   * @throws IllegalArgumentException if the call's arguments are not valid JSON, repeat a key, or have text
   *     after the value
   * @return the fingerprint of {@code call} touching {@code resources}
   */
  public static String of(ToolCall call, List<Resource> resources) {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    JsonNode args;
    try {
      args = call.argumentsJson().isBlank() ? NODES.objectNode() : STRICT.readTree(call.argumentsJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("arguments are not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (args == null || args.isMissingNode()) {
      args = NODES.objectNode();
    }
    return of(call.toolName(), args, call.context().workingDirectory().orElse(null), resources);
  }

  /**
   * Returns the fingerprint of a call to {@code toolName} with parsed {@code arguments} and no working directory.
   *
   * @return the fingerprint of a call to {@code toolName} with parsed {@code arguments} and no working directory
   */
  public static String of(String toolName, JsonNode arguments, List<Resource> resources) {
    return of(toolName, arguments, null, resources);
  }

  private static String of(String toolName, JsonNode arguments, String workingDirectory, List<Resource> resources) {
    Objects.requireNonNull(toolName, "toolName must not be null");
    Objects.requireNonNull(arguments, "arguments must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    ObjectNode root = NODES.objectNode();
    root.put("tool", toolName);
    root.set("arguments", canonical(arguments));
    if (workingDirectory != null) {
      root.put("workingDirectory", workingDirectory);
    }
    ArrayNode res = root.putArray("resources");
    for (Resource r : resources) {
      Objects.requireNonNull(r, "resources must not contain null");
      ObjectNode n = res.addObject();
      n.put("kind", r.kind().label());
      if (r instanceof Resource.FileAccess) {
        n.put("path", ((Resource.FileAccess) r).path());
        n.put("access", ((Resource.FileAccess) r).access().name());
      } else if (r instanceof Resource.NetworkAccess) {
        n.put("url", ((Resource.NetworkAccess) r).url());
      } else {
        Resource.CommandExec c = (Resource.CommandExec) r;
        if (c.isCommandLine()) {
          n.put("line", c.commandLine());
        } else {
          ArrayNode argv = n.putArray("argv");
          c.argv().forEach(argv::add);
        }
      }
    }
    String json = root.toString();
    return Hashing.sha256().hashString(json, StandardCharsets.UTF_8).toString();
  }

  /** Returns a copy of {@code node} with every object's keys sorted. */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      Collections.sort(names);
      ObjectNode out = NODES.objectNode();
      for (String name : names) {
        out.set(name, canonical(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode child : node) {
        out.add(canonical(child));
      }
      return out;
    }
    return node;
  }
}
