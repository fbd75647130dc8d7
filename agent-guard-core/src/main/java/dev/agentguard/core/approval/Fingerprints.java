package dev.agentguard.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * name, the arguments (object keys sorted, no insignificant whitespace) and the resolved resources. Two calls
 * share a fingerprint exactly when they ask the same thing.
 */
public final class Fingerprints {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Fingerprints() {}

  /**
   * Returns the fingerprint of {@code call} touching {@code resources}.
   *
   * @throws IllegalArgumentException if the call's arguments are not valid JSON
   */
  public static String of(ToolCall call, List<Resource> resources) {
    Objects.requireNonNull(call, "call must not be null");
    Objects.requireNonNull(resources, "resources must not be null");
    JsonNode args;
    try {
      args = call.argumentsJson().isBlank()
          ? JsonNodeFactory.instance.objectNode()
          : MAPPER.readTree(call.argumentsJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("arguments are not valid JSON", e);
    }
    return of(call.toolName(), args, resources);
  }

  /** Returns the fingerprint of a call to {@code toolName} with parsed {@code arguments}. */
  public static String of(String toolName, JsonNode arguments, List<Resource> resources) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("tool", toolName);
    root.set("arguments", canonical(arguments));
    ArrayNode res = root.putArray("resources");
    for (Resource r : resources) {
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
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, canonical(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode child : node) {
        out.add(canonical(child));
      }
      return out;
    }
    return node;
  }
}
