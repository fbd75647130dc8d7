package dev.agentguard.mcp;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of what the guard knows of a server's tools: the definitions seen last and their pin
 * status.
 */
record McpToolCatalog(
    String server, Map<String, McpToolDefinition> tools, Map<String, PinStatus> pins, Optional<Path> pinFile) {

  McpToolCatalog {
    tools = Map.copyOf(tools);
    pins = Map.copyOf(pins);
  }
}
