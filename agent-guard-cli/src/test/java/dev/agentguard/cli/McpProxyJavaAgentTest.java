package dev.agentguard.cli;

import dev.agentguard.mcp.NodeTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI jar ({@code java -jar agent-guard-cli.jar mcp-proxy ...}) run with the real OpenTelemetry Java
 * agent, configured by {@code OTEL_*} variables to log spans and metrics: the calls' spans, with their decision and
 * rule, and the {@code agent_guard.decisions} metric appear on stderr; stdout holds nothing but the MCP messages.
 * Runs after {@code package} (the build passes the jar and the agent as system properties); skipped without them,
 * node or the reference filesystem server.
 */
class McpProxyJavaAgentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path dir;

  @Test
  void spansAndMetricsGoToStderrAndStdoutCarriesOnlyMcp() throws IOException, InterruptedException {
    String jar = System.getProperty("agentguard.cliJar");
    String agent = System.getProperty("agentguard.otelAgent");
    String node = NodeTools.nodeOrSkip();
    Path server = NodeTools.filesystemServerOrSkip();
    assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the packaged CLI jar is not built");
    assumeTrue(agent != null && Files.isRegularFile(Path.of(agent)), "the OpenTelemetry Java agent is not copied");

    Path workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.writeString(workspace.resolve("notes.txt"), "hello\n");
    Files.writeString(workspace.resolve(".env"), SECRET + "\n");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), String.join("\n",
        "version: 1",
        "filesystem:",
        "  roots:",
        "    - { path: \"${workspace}\", access: read-write }",
        "    - { path: \"" + NodeTools.packagesOf(server) + "\", access: read }",
        "  deny: [\"**/.env\"]",
        "tools:",
        "  read_text_file: { resources: [ { kind: file, access: read, pointer: /path } ] }",
        ""));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-javaagent:" + agent,
        "-jar", jar, "mcp-proxy", "--policy", policy.toString(), "--workspace", workspace.toString(),
        "--pins", dir.resolve("pins.json").toString(), "--",
        node, server.toString(), workspace.toString()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile());
    Map<String, String> env = pb.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    env.put("OTEL_SERVICE_NAME", "agent-guard-mcp-proxy");
    env.put("OTEL_TRACES_EXPORTER", "logging");
    env.put("OTEL_METRICS_EXPORTER", "logging");
    env.put("OTEL_LOGS_EXPORTER", "none");
    // Only the bridge to the application's OpenTelemetry API: the other instrumentations only cost start-up time.
    env.put("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false");
    env.put("OTEL_INSTRUMENTATION_OPENTELEMETRY_API_ENABLED", "true");
    Process proxy = pb.start();
    try (var stdin = proxy.getOutputStream()) {
      stdin.write(String.join("\n",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"agent-test\",\"version\":\"1\"}}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
          call(2, workspace.resolve("notes.txt")),
          call(3, workspace.resolve(".env")),
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

    List<JsonNode> messages = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        JsonNode m = JSON.readTree(line);
        assertThat(m.path("jsonrpc").asText()).as("every stdout line is a JSON-RPC message: " + line)
            .isEqualTo("2.0");
        messages.add(m);
      }
    }
    assertThat(messages).extracting(m -> m.path("id").asInt()).containsExactlyInAnyOrder(1, 2, 3);
    JsonNode refused = messages.stream().filter(m -> m.path("id").asInt() == 3).findFirst().orElseThrow();
    assertThat(refused.path("result").path("isError").asBoolean()).isTrue();

    List<String> spans = stderr.lines().filter(l -> l.contains("LoggingSpanExporter")
        && l.contains("'execute_tool read_text_file'")).toList();
    assertThat(spans).hasSize(2);
    assertThat(spans).anySatisfy(l -> assertThat(l).contains("agent_guard.verdict=allow")
        .contains("gen_ai.agent.name=agent-test"));
    assertThat(spans).anySatisfy(l -> assertThat(l).contains("agent_guard.verdict=deny")
        .contains("agent_guard.rule=filesystem.deny-glob").contains("error.type=agent_guard.denied"));
    assertThat(stderr).contains("LoggingMetricExporter").contains("name=agent_guard.decisions")
        .doesNotContain("wJalrXUtnFEMI");
    assertThat(stdout).doesNotContain("execute_tool").doesNotContain("otel").doesNotContain("wJalrXUtnFEMI");
  }

  private static String call(int id, Path file) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"read_text_file\","
        + "\"arguments\":{\"path\":" + JSON.valueToTree(file.toString()) + "}}}";
  }
}
