/**
 * Reading of line-delimited input shared by every module that reads it: JSON Lines of tool calls in the CLI,
 * audit logs in the verifier and the replay, and MCP stdio messages. Depends on the JDK only.
 */
package dev.agentguard.core.io;
