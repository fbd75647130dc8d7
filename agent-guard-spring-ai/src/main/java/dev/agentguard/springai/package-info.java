/**
 * agent-guard for Spring AI: {@link dev.agentguard.springai.GuardedToolCallback} judges every call of a Spring AI
 * {@code ToolCallback}, {@link dev.agentguard.springai.GuardedToolCallingManager} guards the tools a prompt
 * carries, and {@link dev.agentguard.springai.AgentGuardAutoConfiguration} wires both into a Spring Boot
 * application from {@code agent-guard.*} properties.
 */
package dev.agentguard.springai;
