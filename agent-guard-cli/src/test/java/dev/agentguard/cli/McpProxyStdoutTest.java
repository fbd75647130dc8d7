package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.mcp.NodeTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout is the MCP channel: even an exporter that prints spans to {@code System.out} in the proxy's JVM
 * ({@link StdoutExporterMain}) does not reach it. The spans land on stderr; stdout holds JSON-RPC messages only.
 */
class McpProxyStdoutTest {

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
    ProxyChild.Outcome out = ProxyChild.talk(proxy, dir, ProxyChild.initialize("stdout-test"),
        ProxyChild.initialized(), ProxyChild.readTextFile(2, workspace.resolve("notes.txt").toString()),
        ProxyChild.readTextFile(3, "/etc/shadow"));

    assertThat(out.messages()).extracting(m -> m.path("id").asInt()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(out.stderr().lines().filter(l -> l.startsWith("SPAN execute_tool read_text_file")))
        .as("the exporter did print: to stderr").hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("agent_guard.verdict").contains("deny"));
  }
}
