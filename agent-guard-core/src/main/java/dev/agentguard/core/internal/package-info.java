/**
 * Not exported: the machinery behind the guard (the interceptor chain, per-call state, the evaluator, the
 * enforcement step, listener dispatch), the approval gate with its deadlines, call fingerprints and session
 * approvals, the redacted views that listeners and approvers get, and JSON pointers. Depends on
 * {@code core.check}, {@code core.approval}, {@code core.binding}, {@code core.telemetry} and the checks' packages;
 * may be used by the root package, never by other modules.
 */
package dev.agentguard.core.internal;
