package dev.agentguard.langchain4j;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads agent-guard {@link ToolDescriptor}s from LangChain4j tool specifications, so a tool declares once, next
 * to its code, which argument is a path, a URL or a command.
 *
 * <p>Two conventions, both optional, combined when both are present:
 * <ul>
 *   <li>Specification metadata (for {@code @Tool} methods: {@code @Tool(metadata = "{...}")}, a JSON object):
 *       keys {@value #FILE_READ}, {@value #FILE_WRITE}, {@value #URL} and {@value #COMMAND}, each with a JSON
 *       Pointer (RFC 6901, {@code *} for every array element) or a list of them, such as
 *       {@code {"agent_guard.file.read": "/path"}}.</li>
 *   <li>A marker at the start of a top-level parameter's description: {@code [path:read]},
 *       {@code [path:write]}, {@code [url]} or {@code [command]}, such as
 *       {@code @P("[path:read] the file to read") String path}. A marked array parameter means every element
 *       ({@code /name/*}), except for {@code [command]}, where an array is one argv.</li>
 * </ul>
 * Bad metadata (a value that is not a pointer or a list of pointers) is an {@link IllegalArgumentException}
 * naming the tool and the key.
 */
public final class ToolDescriptors {

  /** Metadata key: pointer(s) to files the tool reads. */
  public static final String FILE_READ = "agent_guard.file.read";

  /** Metadata key: pointer(s) to files the tool writes. */
  public static final String FILE_WRITE = "agent_guard.file.write";

  /** Metadata key: pointer(s) to URLs the tool fetches. */
  public static final String URL = "agent_guard.url";

  /** Metadata key: pointer(s) to commands the tool runs (a command line string or an argv array). */
  public static final String COMMAND = "agent_guard.command";

  private static final Map<String, Function<String, ResourceSpec>> METADATA = Map.of(
      FILE_READ, ResourceSpec::fileRead,
      FILE_WRITE, ResourceSpec::fileWrite,
      URL, ResourceSpec::url,
      COMMAND, ResourceSpec::command);

  private static final Map<String, Function<String, ResourceSpec>> MARKERS = Map.of(
      "[path:read]", ResourceSpec::fileRead,
      "[path:write]", ResourceSpec::fileWrite,
      "[url]", ResourceSpec::url,
      "[command]", ResourceSpec::command);

  private ToolDescriptors() {}

  /**
   * Returns the descriptor {@code specification} declares, or empty when it declares no resource.
   *
   * @param specification the tool's specification, with its metadata and parameter markers; not {@code null}
   * @return the descriptor {@code specification} declares, or empty when it declares no resource
   * @throws IllegalArgumentException if its agent-guard metadata is malformed
   */
  public static Optional<ToolDescriptor> fromSpecification(ToolSpecification specification) {
    Objects.requireNonNull(specification, "specification must not be null");
    String tool = specification.name();
    if (tool == null || tool.isBlank()) {
      throw new IllegalArgumentException("tool specification has no name");
    }
    List<ResourceSpec> specs = new ArrayList<>();
    Map<String, Object> metadata = specification.metadata();
    if (metadata != null) {
      for (String key : List.of(FILE_READ, FILE_WRITE, URL, COMMAND)) {
        if (metadata.containsKey(key)) {
          for (String pointer : pointers(tool, key, metadata.get(key))) {
            specs.add(spec(tool, key, METADATA.get(key), pointer));
          }
        }
      }
      for (String key : metadata.keySet()) {
        if (key != null && key.startsWith("agent_guard.") && !METADATA.containsKey(key)) {
          throw new IllegalArgumentException("tool '" + tool + "': unknown metadata key '" + key
              + "' (known: " + FILE_READ + ", " + FILE_WRITE + ", " + URL + ", " + COMMAND + ")");
        }
      }
    }
    JsonObjectSchema parameters = specification.parameters();
    if (parameters != null && parameters.properties() != null) {
      for (Map.Entry<String, JsonSchemaElement> property : parameters.properties().entrySet()) {
        JsonSchemaElement element = property.getValue();
        String description = element == null ? null : element.description();
        if (description == null) {
          continue;
        }
        String lead = description.stripLeading().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Function<String, ResourceSpec>> marker : MARKERS.entrySet()) {
          if (lead.startsWith(marker.getKey())) {
            boolean each = element instanceof JsonArraySchema && !"[command]".equals(marker.getKey());
            String pointer = "/" + escape(property.getKey()) + (each ? "/*" : "");
            ResourceSpec spec = spec(tool, marker.getKey(), marker.getValue(), pointer);
            if (!specs.contains(spec)) {
              specs.add(spec);
            }
          }
        }
      }
    }
    return specs.isEmpty() ? Optional.empty() : Optional.of(new ToolDescriptor(tool, specs));
  }

  /**
   * Returns the descriptors the given specifications declare, skipping those that declare none.
   *
   * @param specifications the specifications to read; not {@code null}
   * @return the descriptors the given specifications declare, skipping those that declare none
   */
  public static List<ToolDescriptor> fromSpecifications(Collection<ToolSpecification> specifications) {
    Objects.requireNonNull(specifications, "specifications must not be null");
    List<ToolDescriptor> out = new ArrayList<>();
    for (ToolSpecification specification : specifications) {
      fromSpecification(Objects.requireNonNull(specification, "specifications must not contain null"))
          .ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /**
   * Returns {@code specification} with the agent-guard markers ({@code [path:read]}, {@code [path:write]},
   * {@code [url]}, {@code [command]}) removed from the start of its top-level parameter descriptions, so the model
   * reads plain descriptions. {@link AgentGuardTools} hands the model these specifications and the guard the
   * descriptors the markers declared. A specification without markers is returned as it is.
   *
   * @param specification a tool specification
   * @return the specification the model should see
   */
  public static ToolSpecification withoutMarkers(ToolSpecification specification) {
    Objects.requireNonNull(specification, "specification must not be null");
    JsonObjectSchema parameters = specification.parameters();
    if (parameters == null || parameters.properties() == null) {
      return specification;
    }
    JsonObjectSchema.Builder stripped = null;
    for (Map.Entry<String, JsonSchemaElement> property : parameters.properties().entrySet()) {
      JsonSchemaElement element = property.getValue();
      String description = element == null ? null : element.description();
      String plain = description == null ? null : stripMarkers(description);
      if (plain == null || plain.equals(description)) {
        continue;
      }
      JsonSchemaElement replaced = null;
      if (element instanceof JsonStringSchema) {
        replaced = JsonStringSchema.builder().description(plain).build();
      } else if (element instanceof JsonArraySchema) {
        replaced = JsonArraySchema.builder().description(plain).items(((JsonArraySchema) element).items()).build();
      }
      if (replaced != null) {
        stripped = stripped == null ? parameters.toBuilder() : stripped;
        stripped.addProperty(property.getKey(), replaced);
      }
    }
    return stripped == null ? specification : specification.toBuilder().parameters(stripped.build()).build();
  }

  /** {@code description} without the markers at its start (and the blanks after them). */
  private static String stripMarkers(String description) {
    String rest = description.stripLeading();
    boolean found = true;
    while (found) {
      found = false;
      String lead = rest.toLowerCase(Locale.ROOT);
      for (String marker : MARKERS.keySet()) {
        if (lead.startsWith(marker)) {
          rest = rest.substring(marker.length()).stripLeading();
          found = true;
          break;
        }
      }
    }
    return rest.length() == description.stripLeading().length() ? description : rest;
  }

  private static ResourceSpec spec(String tool, String key, Function<String, ResourceSpec> kind, String pointer) {
    try {
      return kind.apply(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tool '" + tool + "', " + key + ": " + e.getMessage(), e);
    }
  }

  private static List<String> pointers(String tool, String key, Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String) {
      out.add((String) value);
    } else if (value instanceof Collection<?> && !((Collection<?>) value).isEmpty()) {
      for (Object item : (Collection<?>) value) {
        if (!(item instanceof String)) {
          throw new IllegalArgumentException("tool '" + tool + "', " + key
              + ": expected a JSON Pointer or a list of JSON Pointers, found " + describe(item));
        }
        out.add((String) item);
      }
    } else {
      throw new IllegalArgumentException("tool '" + tool + "', " + key
          + ": expected a JSON Pointer or a list of JSON Pointers, found " + describe(value));
    }
    return out;
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  /** RFC 6901 escaping of one reference token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
