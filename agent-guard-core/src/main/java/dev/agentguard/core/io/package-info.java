/**
 * Exported only to the modules that read line-delimited input ({@code agent-guard-ops}, {@code agent-guard-cli},
 * {@code agent-guard-mcp}): the one reader of it, with a size limit per line, for JSON Lines of tool calls in the
 * CLI, audit logs in the verifier and the replay, and MCP stdio messages. Depends on the JDK only.
 */
package dev.agentguard.core.io;
