package dev.agentguard.cli;

import dev.agentguard.mcp.NodeTools;

import static dev.agentguard.cli.McpHarness.call;
import static dev.agentguard.cli.McpHarness.isError;
import static dev.agentguard.cli.McpHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The policy's {@code mcp} section through {@code mcp-proxy} and the reference filesystem server, whose tools carry
 * annotations ({@code list_allowed_directories} read-only, {@code move_file} destructive, {@code create_directory}
 * neither). The policy describes none of the three and denies undescribed tools: only trusted annotations let the
 * read-only one through, and make the destructive one ask (which mcp-proxy, having no approver, refuses).
 */
class McpProxyTrustEndToEndTest {

  private static String node;
  private static Path serverScript;

  @TempDir Path dir;

  @BeforeAll
  static void findServer() {
    node = NodeTools.nodeOrSkip();
    serverScript = NodeTools.filesystemServerOrSkip();
  }

  @ParameterizedTest(name = "[{index}] {0} {1} -> trusted={2}")
  @CsvSource(delimiter = '|', value = {
      "mcp: { trustAnnotations: true }              |                     | true",
      "mode: enforce                                 |                     | false",
      "mode: enforce                                 | --trust-annotations | true",
      "mcp: { servers: { fs: { trusted: true } } }   |                     | true",
      "mcp: { servers: { fs: { trusted: false } } }  | --trust-annotations | false"})
  void annotationsDecideOnlyWhenThePolicyOrTheFlagTrustsTheServer(String section, String flag, boolean trusted)
      throws IOException {
    Path workspace = Files.createDirectories(dir.resolve("ws")).toRealPath();
    Files.writeString(workspace.resolve("notes.txt"), "hello\n");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), String.join("\n",
        "version: 1",
        "defaults: { unknownTool: deny }",
        "filesystem:",
        "  roots:",
        "    - { path: \"${workspace}\", access: read-write }",
        "    - { path: \"" + NodeTools.packagesOf(serverScript) + "\", access: read }",
        "tools:",
        "  read_text_file: { resources: [ { kind: file, access: read, pointer: /path } ] }",
        section,
        ""));
    List<String> options = new ArrayList<>(List.of("--policy", policy.toString(), "--workspace",
        workspace.toString(), "--pins", dir.resolve("pins.json").toString(), "--server-name", "fs"));
    if (flag != null) {
      options.add(flag);
    }
    List<String> stderr = new CopyOnWriteArrayList<>();
    try (McpSyncClient client = McpHarness.client(
        McpHarness.proxyCommand(List.of(), options, node, serverScript, workspace), stderr::add)) {
      client.initialize();

      McpSchema.CallToolResult roots = call(client, "list_allowed_directories", Map.of());
      McpSchema.CallToolResult move = call(client, "move_file", Map.of(
          "source", workspace.resolve("notes.txt").toString(),
          "destination", workspace.resolve("moved.txt").toString()));
      McpSchema.CallToolResult mkdir = call(client, "create_directory",
          Map.of("path", workspace.resolve("made").toString()));
      McpSchema.CallToolResult read = call(client, "read_text_file",
          Map.of("path", workspace.resolve("notes.txt").toString()));

      if (trusted) {
        assertThat(isError(roots)).as(text(roots)).isFalse();
        assertThat(text(roots)).contains(workspace.toString());
        assertThat(text(move)).startsWith("Tool call refused by agent-guard").contains("needs a person's approval");
      } else {
        assertThat(isError(roots)).isTrue();
        assertThat(text(roots)).startsWith("Tool call refused by agent-guard (rule defaults.unknownTool)");
        assertThat(text(move)).startsWith("Tool call refused by agent-guard (rule defaults.unknownTool)");
      }
      assertThat(isError(move)).isTrue();
      assertThat(isError(mkdir)).as("neither read-only nor destructive: the policy's default decides").isTrue();
      assertThat(text(mkdir)).startsWith("Tool call refused by agent-guard (rule defaults.unknownTool)");
      assertThat(isError(read)).as("the session goes on: " + text(read)).isFalse();
      assertThat(text(read)).contains("hello");
    }
    assertThat(workspace.resolve("notes.txt")).exists();
    assertThat(workspace.resolve("moved.txt")).doesNotExist();
    assertThat(workspace.resolve("made")).doesNotExist();
    assertThat(stderr).as("stderr says when and why annotations are trusted")
        .filteredOn(l -> l.contains("tool annotations of server 'fs' are trusted")).hasSize(trusted ? 1 : 0);
  }
}
