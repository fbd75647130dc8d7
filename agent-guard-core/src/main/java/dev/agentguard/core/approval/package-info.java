/**
 * The approval gate that holds a call the policy marked ASK until an {@link dev.agentguard.api.Approver} answers,
 * with deadlines ({@link dev.agentguard.core.approval.TimeoutScheduler}), call fingerprints that bind an answer to
 * one call, session approvals and ready-made approvers. Depends on {@code dev.agentguard.api}, Guava and
 * {@code core.check}; inboxes, stores and the console approver are in the {@code agent-guard-ops} module.
 */
package dev.agentguard.core.approval;
