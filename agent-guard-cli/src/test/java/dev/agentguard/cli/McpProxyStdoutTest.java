package dev.agentguard.cli;

import dev.agentguard.mcp.NodeTools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout is the MCP channel: even an exporter that prints spans to {@code System.out} in the proxy's JVM
 * ({@link StdoutExporterMain}) does not reach it. The spans land on stderr; stdout holds JSON-RPC messages only.
 */
class McpProxyStdoutTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void spansPrintedToSystemOutLandOnStderrAndStdoutCarriesOnlyMcp() throws IOException, InterruptedException {
    String node = NodeTools.nodeOrSkip();
    Path server = NodeTools.filesystemServerOrSkip();
    Path workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.writeString(workspace.resolve("notes.txt"), "hello\n");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), String.join("\n",
        "version: 1",
        "filesystem:",
        "  roots:",
        "    - { path: \"${workspace}\", access: read-write }",
        "    - { path: \"" + NodeTools.packagesOf(server) + "\", access: read }",
        "tools:",
        "  read_text_file: { resources: [ { kind: file, access: read, pointer: /path } ] }",
        ""));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), StdoutExporterMain.class.getName(),
        "mcp-proxy", "--policy", policy.toString(), "--workspace", workspace.toString(),
        "--pins", dir.resolve("pins.json").toString(), "--",
        node, server.toString(), workspace.toString()));
    Process proxy = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile())
        .start();
    try (var stdin = proxy.getOutputStream()) {
      stdin.write(String.join("\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"stdout-test\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
              + "\"arguments\":{\"path\":" + JSON.valueToTree(workspace.resolve("notes.txt").toString()) + "}}}",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
              + "\"arguments\":{\"path\":\"/etc/shadow\"}}}",
          "").getBytes(StandardCharsets.UTF_8));
    }
    boolean exited = proxy.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      proxy.destroyForcibly();
    }
    String stdout = Files.readString(dir.resolve("stdout"));
    String stderr = Files.readString(dir.resolve("stderr"));
    assertThat(exited).as(stderr).isTrue();
    assertThat(proxy.exitValue()).as(stderr).isZero();

    List<Integer> ids = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        JsonNode m = JSON.readTree(line);
        assertThat(m.path("jsonrpc").asText()).as("a stdout line that is not MCP: " + line).isEqualTo("2.0");
        ids.add(m.path("id").asInt());
      }
    }
    assertThat(ids).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(stderr.lines().filter(l -> l.startsWith("SPAN execute_tool read_text_file")))
        .as("the exporter did print: to stderr").hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("agent_guard.verdict").contains("deny"));
  }
}
