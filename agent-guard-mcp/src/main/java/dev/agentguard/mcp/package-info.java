/**
 * Guards the tools of MCP (Model Context Protocol) servers.
 *
 * <ul>
 *   <li>{@link dev.agentguard.mcp.McpToolGuard}: judges MCP tool calls with an agent-guard policy, pins every
 *       tool's definition and refuses a tool whose definition changed ({@code mcp.tool-changed}).</li>
 *   <li>{@link dev.agentguard.mcp.ToolPins}: the pin file.</li>
 *   <li>{@link dev.agentguard.mcp.GuardedMcpClient}: the guard in front of a Java MCP SDK
 *       {@code McpSyncClient}.</li>
 *   <li>{@link dev.agentguard.mcp.McpStdioProxy}: a stdio gateway that puts the guard between any MCP client and
 *       any stdio MCP server.</li>
 * </ul>
 *
 * <p>Depends on core, {@code agent-guard-sandbox} (sandboxed server launch), the API, Jackson and the MCP Java SDK;
 * the CLI's {@code mcp-proxy} uses it.
 *
 * <p>On the module path this jar is the automatic module {@code dev.agentguard.mcp} (no {@code module-info}): the
 * MCP Java SDK's jars declare module names with a {@code -} in them, which no named module can require.
 */
package dev.agentguard.mcp;
