/**
 * The guard: {@link dev.agentguard.core.AgentGuard} and its builder, which wires a policy, the checks, the approval
 * gate and listeners into a chain around a tool executor. The top of core: it may depend on every other core
 * package; none depends on it.
 */
package dev.agentguard.core;
