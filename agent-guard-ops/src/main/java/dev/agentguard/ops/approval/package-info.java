/**
 * Approvers for people: an {@link dev.agentguard.ops.approval.ApprovalInbox} for web UIs and chat bots, backed by
 * an {@link dev.agentguard.ops.approval.ApprovalStore} (in memory by default), and a
 * {@link dev.agentguard.ops.approval.ConsoleApprover} for a terminal. Depends on {@code dev.agentguard.api} and
 * core; nothing in core depends on it.
 */
package dev.agentguard.ops.approval;
