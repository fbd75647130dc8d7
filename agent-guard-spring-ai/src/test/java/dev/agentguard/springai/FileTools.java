package dev.agentguard.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/** Real tools over the real file system, recording every call that reached them. */
final class FileTools {

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> ran = new CopyOnWriteArrayList<>();

  ToolCallback readFile() {
    return tool("read_file", "Reads a text file.", args -> {
      Path path = Path.of(args.path("path").asText());
      return Files.readString(path);
    });
  }

  ToolCallback writeFile() {
    return tool("write_file", "Writes a text file.", args -> {
      Path path = Path.of(args.path("path").asText());
      Files.createDirectories(path.getParent());
      Files.writeString(path, args.path("content").asText());
      return "written";
    });
  }

  ToolCallback deploy() {
    return tool("deploy", "Deploys.", args -> "deployed " + args.path("service").asText());
  }

  private interface Body {
    String run(JsonNode args) throws IOException;
  }

  private ToolCallback tool(String name, String description, Body body) {
    ToolDefinition definition = ToolDefinition.builder().name(name).description(description)
        .inputSchema("{\"type\":\"object\"}").build();
    return new ToolCallback() {
      @Override
      public ToolDefinition getToolDefinition() {
        return definition;
      }

      @Override
      public String call(String toolInput) {
        ran.add(name + " " + toolInput);
        try {
          return body.run(JSON.readTree(toolInput));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
