package dev.agentguard.mcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds node and the npm-installed MCP servers the end-to-end tests run; shared with the CLI's mcp-proxy tests
 * through this module's test jar.
 */
public final class NodeTools {

  private NodeTools() {}

  /** The node executable on the PATH, or null. */
  public static String node() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "node");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /**
   * The reference filesystem server's entry script under {@code test-tools/mcp-servers} (or the directory named by
   * the system property {@code agentguard.mcpServers}), or null.
   */
  public static Path filesystemServer() {
    String configured = System.getProperty("agentguard.mcpServers");
    Path base = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = base; dir != null; dir = dir.getParent()) {
      Path root = configured != null ? dir : dir.resolve("test-tools/mcp-servers");
      Path script = root.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
      if (Files.isRegularFile(script)) {
        return script.toAbsolutePath();
      }
      if (configured != null) {
        return null;
      }
    }
    return null;
  }

  /**
   * The node_modules directory holding {@code script}: a read root, so that a sandboxed server can load itself.
   */
  public static Path packagesOf(Path script) {
    Path p = script;
    while (p != null && p.getFileName() != null && !p.getFileName().toString().equals("node_modules")) {
      p = p.getParent();
    }
    return p == null || p.getFileName() == null ? script.getParent() : p;
  }

  /** The node executable; skips the calling test (an assumption) when node is not installed. */
  public static String nodeOrSkip() {
    String node = node();
    assumeTrue(node != null, "node is not installed: skipping the MCP end-to-end tests");
    return node;
  }

  /** The reference filesystem server's entry script; skips the calling test when it is not installed. */
  public static Path filesystemServerOrSkip() {
    Path server = filesystemServer();
    assumeTrue(server != null, "@modelcontextprotocol/server-filesystem is not installed (run npm ci in "
        + "test-tools/mcp-servers): skipping the MCP end-to-end tests");
    return server;
  }
}
