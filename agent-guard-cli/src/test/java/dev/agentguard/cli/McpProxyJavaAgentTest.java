package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.mcp.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    ProxyChild.Outcome out = ProxyChild.talk(proxy, dir, ProxyChild.initialize("agent-test"),
        ProxyChild.initialized(), ProxyChild.readTextFile(2, workspace.resolve("notes.txt").toString()),
        ProxyChild.readTextFile(3, workspace.resolve(".env").toString()));
    List<JsonNode> messages = out.messages();
    String stdout = out.stdout();
    String stderr = out.stderr();

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
}
