package dev.agentguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What the MCP end-to-end tests share: the proxy's command line, the SDK client, calls and their text. */
final class McpHarness {

  private McpHarness() {}

  /** {@code java ... Main mcp-proxy OPTIONS -- node SERVER ROOTS...}, in a JVM of its own on the test class path. */
  static List<String> proxyCommand(List<String> jvmOptions, List<String> options, String node, Path server,
      Path... roots) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "mcp-proxy"));
    command.addAll(options);
    command.add("--");
    command.add(node);
    command.add(server.toString());
    for (Path root : roots) {
      command.add(root.toString());
    }
    return command;
  }

  /** A client that starts {@code command} and talks MCP over its stdio; stderr lines go to {@code stderr}. */
  static McpSyncClient client(List<String> command, Consumer<String> stderr) {
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size()))
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(stderr::accept);
    return client(transport);
  }

  /** A client on {@code transport}. */
  static McpSyncClient client(McpClientTransport transport) {
    return McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
  }

  static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  static boolean isError(McpSchema.CallToolResult result) {
    return Boolean.TRUE.equals(result.isError());
  }

  static String text(McpSchema.CallToolResult result) {
    return result.content().stream()
        .filter(McpSchema.TextContent.class::isInstance)
        .map(c -> ((McpSchema.TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }
}
