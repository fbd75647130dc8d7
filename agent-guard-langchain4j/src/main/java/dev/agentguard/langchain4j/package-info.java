/**
 * LangChain4j integration: {@link dev.agentguard.langchain4j.GuardedToolExecutor} decorates any LangChain4j
 * {@code ToolExecutor} so every tool call of an {@code AiServices} agent passes an
 * {@link dev.agentguard.core.AgentGuard}; {@link dev.agentguard.langchain4j.AgentGuardTools} wraps tool objects,
 * tool maps and tool providers (including MCP) in one line; {@link dev.agentguard.langchain4j.ToolDescriptors}
 * reads agent-guard descriptors from tool specifications; {@link dev.agentguard.langchain4j.AgentRationale}
 * carries the model's words into the guard. Depends on core, the API and LangChain4j; nothing in agent-guard
 * depends on it.
 */
package dev.agentguard.langchain4j;
