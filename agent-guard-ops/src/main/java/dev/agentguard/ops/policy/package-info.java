/**
 * {@link dev.agentguard.ops.policy.PolicyWatcher}: reloads policy files when they change and swaps the guard in
 * use. Depends on {@code dev.agentguard.api} and core; nothing in core depends on it.
 */
package dev.agentguard.ops.policy;
