package dev.agentguard.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an approval fingerprint takes of a call's command lines: not their spelling. A command line (a string at
 * a command pointer of the tool's descriptor) is replaced by a placeholder in the arguments and the resources,
 * because the fingerprint also holds the command check's binding of it (parsed words, resolved programs, file
 * effects, working directory): {@code ls  -la} and {@code 'ls' -la} then share a session approval, and any line
 * that runs something else does not. An argv array is kept as it is. Stateless.
 */
public final class BoundArguments {

  /** What stands for a command line in a fingerprint. */
  public static final String PLACEHOLDER = "<command line: bound by what it runs>";

  private BoundArguments() {}

  /**
   * {@code arguments} with every command line of {@code descriptor} replaced; the same tree when there is none.
   *
   * @param arguments the call's arguments, or {@code null}
   * @param descriptor the tool's descriptor, or {@code null}
   * @return the arguments the fingerprint takes
   */
  public static JsonNode arguments(JsonNode arguments, ToolDescriptor descriptor) {
    if (arguments == null || descriptor == null) {
      return arguments;
    }
    Set<JsonNode> lines = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ToolDescriptor.ResourceSpec spec : descriptor.resources()) {
      if (spec.kind() == ResourceKind.COMMAND) {
        for (JsonNode node : JsonPointers.resolve(arguments, spec.pointer())) {
          if (node.isTextual()) {
            lines.add(node);
          }
        }
      }
    }
    return lines.isEmpty() ? arguments : replace(arguments, lines);
  }

  /**
   * {@code resources} with every command line replaced.
   *
   * @param resources the call's resources
   * @return the resources the fingerprint takes
   */
  public static List<Resource> resources(List<Resource> resources) {
    List<Resource> out = new ArrayList<>(resources.size());
    for (Resource r : resources) {
      boolean line = r instanceof Resource.CommandExec && ((Resource.CommandExec) r).isCommandLine();
      out.add(line ? Resource.CommandExec.line(PLACEHOLDER) : r);
    }
    return out;
  }

  private static JsonNode replace(JsonNode node, Set<JsonNode> lines) {
    if (lines.contains(node)) {
      return TextNode.valueOf(PLACEHOLDER);
    }
    if (node.isObject()) {
      ObjectNode out = Json.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.set(e.getKey(), replace(e.getValue(), lines));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = Json.nodes().arrayNode();
      for (JsonNode child : node) {
        out.add(replace(child, lines));
      }
      return out;
    }
    return node;
  }
}
