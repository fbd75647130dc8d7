/**
 * Exported only to {@code agent-guard-sandbox}: what a person approved, resolved
 * ({@link dev.agentguard.core.binding.ApprovedTargets}), which the guard binds to the thread that runs an approved
 * tool and which guarded I/O consults so that a target swapped after the approval is refused. Depends on
 * {@code dev.agentguard.api} and {@code core.exec}.
 */
package dev.agentguard.core.binding;
