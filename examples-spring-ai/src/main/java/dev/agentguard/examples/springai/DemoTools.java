package dev.agentguard.examples.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** Two plain Spring AI tools over the real file system; they know nothing about agent-guard. */
final class DemoTools {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoTools() {}

  static ToolCallback readFile() {
    return tool("read_file", "Reads a text file. Arguments: {\"path\": ...}", args ->
        Files.readString(Path.of(args.path("path").asText())));
  }

  static ToolCallback writeFile() {
    return tool("write_file", "Writes a text file. Arguments: {\"path\": ..., \"content\": ...}", args -> {
      Path path = Path.of(args.path("path").asText());
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(path, args.path("content").asText());
      return "wrote " + path;
    });
  }

  private interface Body {
    String run(JsonNode args) throws IOException;
  }

  private static ToolCallback tool(String name, String description, Body body) {
    ToolDefinition definition = ToolDefinition.builder().name(name).description(description)
        .inputSchema("{\"type\":\"object\"}").build();
    return new ToolCallback() {
      @Override
      public ToolDefinition getToolDefinition() {
        return definition;
      }

      @Override
      public String call(String toolInput) {
        try {
          return body.run(JSON.readTree(toolInput));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
