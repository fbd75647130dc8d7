/**
 * What an embedder plugs into the approval step: ready-made {@link dev.agentguard.api.Approver}s
 * ({@link dev.agentguard.core.approval.Approvers}) and the scheduler that runs approval deadlines
 * ({@link dev.agentguard.core.approval.TimeoutScheduler}). The gate itself, fingerprints and session approvals are
 * machinery in the non-exported {@code core.internal}; inboxes, stores and the console approver are in the
 * {@code agent-guard-ops} module. Depends on {@code dev.agentguard.api} only.
 */
package dev.agentguard.core.approval;
