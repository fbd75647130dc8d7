/**
 * agent-guard for Spring AI: {@link dev.agentguard.springai.GuardedToolCallback} judges every call of a Spring AI
 * {@code ToolCallback}, {@link dev.agentguard.springai.GuardedToolCallingManager} guards the tools a prompt
 * carries, and {@link dev.agentguard.springai.AgentGuardAutoConfiguration} wires both into a Spring Boot
 * application from {@code agent-guard.*} properties. Depends on core, the API and Spring AI / Spring Boot (and,
 * when present, the OpenTelemetry API through {@code agent-guard-otel}); nothing in agent-guard depends on it.
 *
 * <p>On the module path this jar is the automatic module {@code dev.agentguard.springai} (no {@code module-info}):
 * Spring AI's jars declare no module names, and a descriptor must not require names guessed from file names.
 */
package dev.agentguard.springai;
