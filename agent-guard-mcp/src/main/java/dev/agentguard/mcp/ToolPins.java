package dev.agentguard.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tool pinning: the first time a server's tool is seen, a digest of its definition (name, description, input
 * schema, annotations) is recorded; later, a definition with another digest is reported as
 * {@link PinStatus.Kind#CHANGED} (the pin stays, and the new definition is kept as {@code pending} so that a
 * person can look at it) until someone {@linkplain #approve approves} it.
 *
 * <p>The pin file is JSON:
 * <pre>{@code
 * {"version": 1, "servers": {"SERVER": {"TOOL": {"digest": "sha256:...", "definition": {...},
 *                                                "pending": {"digest": "sha256:...", "definition": {...}}}}}}
 * }</pre>
 * It is read again before every look-up (so an approval made by another process counts at once) and replaced
 * atomically on every change. A pin file that cannot be read is an error, never an empty set of pins.
 *
 * <p>Thread-safe.
 */
public final class ToolPins {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final Path file;
  private ObjectNode memory;

  private ToolPins(Path file, ObjectNode initial) {
    this.file = file;
    this.memory = initial;
  }

  /**
   * Pins kept in memory only: a change is noticed within this process's lifetime.
   *
   * @return a new, empty in-memory store
   */
  public static ToolPins inMemory() {
    return new ToolPins(null, emptyDocument());
  }

  /**
   * Pins kept in {@code file} (created on the first pin; its directory must exist or be creatable).
   *
   * @param file the pin file
   * @return the store over {@code file}
   * @throws IOException when the file exists but cannot be read or is not a pin file
   */
  public static ToolPins open(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    ToolPins pins = new ToolPins(file.toAbsolutePath().normalize(), null);
    pins.read();
    return pins;
  }

  /**
   * The pin file, when the pins are kept in one.
   *
   * @return the pin file, or empty for an in-memory store
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * Compares {@code definition} with the pin of {@code server}'s tool of that name, pinning it on first sight.
   * Never throws for I/O trouble: a pin that cannot be read or written is {@link PinStatus.Kind#UNPINNABLE}.
   *
   * @param server the server's name
   * @param definition the definition the server shows now
   * @return the definition's status against its pin
   */
  public synchronized PinStatus check(String server, McpToolDefinition definition) {
    Objects.requireNonNull(server, "server must not be null");
    Objects.requireNonNull(definition, "definition must not be null");
    try {
      ObjectNode doc = read();
      ObjectNode tools = doc.withObjectProperty("servers").withObjectProperty(server);
      JsonNode entry = tools.get(definition.name());
      String digest = definition.digest();
      if (entry == null || !entry.isObject()) {
        tools.set(definition.name(), pinEntry(definition, digest));
        write(doc);
        return new PinStatus(PinStatus.Kind.PINNED, List.of(), "pinned on first sight");
      }
      if (digest.equals(entry.path("digest").asText())) {
        return new PinStatus(PinStatus.Kind.UNCHANGED, List.of(), "unchanged");
      }
      McpToolDefinition pinned = pinnedDefinition(entry, definition.name());
      List<String> changes = DefinitionDiff.between(pinned, definition);
      if (!digest.equals(entry.path("pending").path("digest").asText())) {
        ((ObjectNode) entry).set("pending", pinEntry(definition, digest));
        write(doc);
      }
      return new PinStatus(PinStatus.Kind.CHANGED, changes, DefinitionDiff.text(changes));
    } catch (IOException | RuntimeException e) {
      return new PinStatus(PinStatus.Kind.UNPINNABLE, List.of(),
          "the pin file " + (file == null ? "(memory)" : file) + " could not be used: " + e.getMessage());
    }
  }

  /**
   * Records {@code definition} as the approved definition of {@code server}'s tool (a person looked at the
   * change and accepts it).
   *
   * @param server the server's name
   * @param definition the definition to pin
   * @throws IOException when the pin file cannot be read or written
   */
  public synchronized void approve(String server, McpToolDefinition definition) throws IOException {
    Objects.requireNonNull(server, "server must not be null");
    Objects.requireNonNull(definition, "definition must not be null");
    ObjectNode doc = read();
    doc.withObjectProperty("servers").withObjectProperty(server).set(definition.name(), pinEntry(definition, definition.digest()));
    write(doc);
  }

  /**
   * Approves the pending (changed) definition of {@code server}'s {@code tool}, as recorded when the change was
   * seen; returns {@code false} when there is none.
   *
   * @param server the server's name
   * @param tool the tool's name
   * @return whether a pending definition was approved
   * @throws IOException when the pin file cannot be read or written
   */
  public synchronized boolean approvePending(String server, String tool) throws IOException {
    ObjectNode doc = read();
    JsonNode entry = doc.path("servers").path(server).path(tool);
    JsonNode pending = entry.path("pending");
    if (!pending.isObject()) {
      return false;
    }
    McpToolDefinition definition = McpToolDefinition.fromJson(pending.path("definition"));
    if (!definition.digest().equals(pending.path("digest").asText())) {
      throw new IOException("the pending definition of " + tool + " does not match its digest");
    }
    doc.withObjectProperty("servers").withObjectProperty(server).set(tool, pinEntry(definition, definition.digest()));
    write(doc);
    return true;
  }

  private static ObjectNode pinEntry(McpToolDefinition definition, String digest) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("digest", digest);
    entry.set("definition", definition.canonicalJson());
    return entry;
  }

  private static McpToolDefinition pinnedDefinition(JsonNode entry, String name) {
    JsonNode definition = entry.path("definition");
    if (definition.isObject() && definition.path("name").isTextual()) {
      return McpToolDefinition.fromJson(definition);
    }
    return new McpToolDefinition(name, "(unknown: the pin file holds only a digest)", null, null);
  }

  private ObjectNode read() throws IOException {
    if (file == null) {
      return memory;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return emptyDocument();
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IOException("the pin file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (doc == null || !doc.isObject() || doc.path("version").asInt() != 1 || !doc.path("servers").isObject()) {
      throw new IOException("the pin file " + file + " is not an agent-guard pin file (version 1)");
    }
    return (ObjectNode) doc;
  }

  private void write(ObjectNode doc) throws IOException {
    if (file == null) {
      memory = doc;
      return;
    }
    Path dir = file.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir == null ? Path.of(".") : dir, ".pins-", ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(doc));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static ObjectNode emptyDocument() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("version", 1);
    doc.putObject("servers");
    return doc;
  }

  @Override
  public String toString() {
    return "ToolPins{" + (file == null ? "memory" : file) + "}";
  }
}
