/**
 * Not exported: the session engine behind the {@code session:} section. The bounded, thread-safe store of
 * per-conversation state ({@code Sessions}), the labels a call carries, flow rules, budgets, loop detection, the
 * approvals-per-conversation cap, the lethal-trifecta rule and the hook that scans tool results for secrets, all
 * decided in one atomic step per conversation ({@code SessionGuard}). Depends on {@code core.session} (the
 * model), {@code core.check}, {@code core.fs} and {@code core.telemetry}; used by the root package only.
 */
package dev.agentguard.core.internal.session;
