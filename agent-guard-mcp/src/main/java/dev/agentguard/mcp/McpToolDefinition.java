package dev.agentguard.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * What a server says a tool is: the parts of an MCP {@code Tool} that pinning covers (name, description, input
 * schema and annotations). Immutable: the JSON values are deep copies.
 *
 * @param name the tool's name
 * @param description the description the model reads ({@code ""} when the server gave none)
 * @param inputSchema the JSON Schema of the arguments ({@code null} node when absent)
 * @param annotations the tool annotations ({@code null} node when absent)
 */
public record McpToolDefinition(String name, String description, JsonNode inputSchema, JsonNode annotations) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates the components and takes deep copies of the JSON values.
   *
   * @param name the tool's name; not {@code null}
   * @param description the description, or {@code null} for {@code ""}
   * @param inputSchema the JSON Schema of the arguments, or {@code null}
   * @param annotations the tool annotations, or {@code null}
   */
  public McpToolDefinition {
    Objects.requireNonNull(name, "name must not be null");
    description = description == null ? "" : description;
    inputSchema = inputSchema == null ? NullNode.getInstance() : inputSchema.deepCopy();
    annotations = annotations == null ? NullNode.getInstance() : annotations.deepCopy();
  }

  /**
   * Reads one entry of a {@code tools/list} result.
   *
   * @param tool one element of the result's {@code tools} array
   * @return the definition
   * @throws IllegalArgumentException when {@code tool} is not an object with a string {@code name}
   */
  public static McpToolDefinition fromJson(JsonNode tool) {
    if (tool == null || !tool.isObject() || !tool.path("name").isTextual()) {
      throw new IllegalArgumentException("an MCP tool must be an object with a string name");
    }
    JsonNode description = tool.get("description");
    return new McpToolDefinition(tool.get("name").textValue(),
        description != null && description.isTextual() ? description.textValue() : "",
        tool.get("inputSchema"), tool.get("annotations"));
  }

  /**
   * The annotations' boolean {@code hint}, or {@code null} when the server did not set it.
   *
   * @param hint the annotation's name, such as {@code readOnlyHint}
   * @return the hint's value, or {@code null} when absent or not a boolean
   */
  public Boolean hint(String hint) {
    JsonNode value = annotations.get(hint);
    return value != null && value.isBoolean() ? value.booleanValue() : null;
  }

  /**
   * Whether the server sent an annotations object.
   *
   * @return whether the annotations are an object
   */
  public boolean hasAnnotations() {
    return annotations.isObject();
  }

  /**
   * The definition as one JSON object with keys in sorted order at every depth: what the digest covers.
   *
   * @return a new canonical JSON object
   */
  public ObjectNode canonicalJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("annotations", canonical(annotations));
    node.put("description", description);
    node.set("inputSchema", canonical(inputSchema));
    node.put("name", name);
    return node;
  }

  /**
   * {@code sha256:} and the hex SHA-256 of the canonical JSON's UTF-8 bytes.
   *
   * @return the digest, such as {@code sha256:3a7b...}
   */
  public String digest() {
    try {
      byte[] bytes = JSON.writeValueAsString(canonicalJson()).getBytes(StandardCharsets.UTF_8);
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot digest a tool definition", e);
    }
  }

  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      Collections.sort(names);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String n : names) {
        sorted.set(n, canonical(node.get(n)));
      }
      return sorted;
    }
    if (node.isArray()) {
      var array = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        array.add(canonical(element));
      }
      return array;
    }
    return node;
  }
}
