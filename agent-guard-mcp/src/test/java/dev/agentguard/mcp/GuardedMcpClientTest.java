package dev.agentguard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.PolicyLoader;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GuardedMcpClient} in front of the Java MCP SDK client talking to the reference filesystem server from npm
 * (skipped, with the reason, when node or the package is missing). The server trusts its own annotations here:
 * read-only tools without a descriptor pass, destructive ones ask (and with no approver are refused).
 */
class GuardedMcpClientTest {

  private static final String SECRET = "fake-key-material";

  @TempDir Path dir;

  @Test
  void descriptorsAndTrustedAnnotationsDecideTheRealServersTools() throws Exception {
    String node = NodeTools.nodeOrSkip();
    Path server = NodeTools.filesystemServerOrSkip();
    Path workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Path home = Files.createDirectories(dir.resolve("home")).toRealPath();
    Files.writeString(workspace.resolve("notes.txt"), "notes");
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), SECRET);

    McpToolGuard guard = McpToolGuard.builder()
        .server("filesystem")
        .trustAnnotations(true)
        .policy(PolicyLoader.parse(String.join("\n",
            "version: 1",
            "defaults: { unknownTool: deny }",
            "filesystem:",
            "  roots: [ { path: \"${workspace}\", access: read-write }, { path: \"${home}\", access: read } ]",
            "  deny: [\"${home}/.ssh/**\"]",
            "tools:",
            "  read_text_file: { resources: [ { kind: file, access: read, pointer: /path } ] }",
            ""), "p.yaml", PolicyLoader.Format.YAML))
        .configure(b -> b.environment(new GuardEnvironment(workspace, home, dir)))
        .build();
    McpSyncClient sdk = McpClient.sync(new StdioClientTransport(
            ServerParameters.builder(node).args(server.toString(), workspace.toString(), home.toString()).build(),
            new JacksonMcpJsonMapper(new ObjectMapper())))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    try (GuardedMcpClient client = GuardedMcpClient.of(sdk, guard)) {
      sdk.initialize();
      // No listTools() first: the guard lists (and pins) before the first call itself.
      McpSchema.CallToolResult notes = client.callTool(call("read_text_file", Map.of("path",
          workspace.resolve("notes.txt").toString())));
      assertThat(notes.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(text(notes)).contains("notes");

      McpSchema.CallToolResult key = client.callTool(call("read_text_file", Map.of("path",
          home.resolve(".ssh/id_rsa").toString())));
      assertThat(key.isError()).isTrue();
      assertThat(text(key)).contains("rule filesystem.deny-glob").doesNotContain(SECRET);

      McpSchema.CallToolResult dirs = client.callTool(call("list_allowed_directories", Map.of()));
      assertThat(dirs.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(text(dirs)).contains(workspace.toString());

      McpSchema.CallToolResult write = client.callTool(call("write_file", Map.of("path",
          workspace.resolve("x.txt").toString(), "content", "x")));
      assertThat(write.isError()).isTrue();
      assertThat(text(write)).contains("approval");
      assertThat(workspace.resolve("x.txt")).doesNotExist();
    } finally {
      guard.close();
    }
  }

  private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
    return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
  }

  private static String text(McpSchema.CallToolResult result) {
    return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
        .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
  }
}
