/**
 * Session-aware policy: what one conversation has seen so far, and the rules that judge a call by it.
 *
 * <p>Holds the {@code session:} section's model ({@link dev.agentguard.core.session.SessionPolicy}), the bounded,
 * thread-safe store of per-conversation state ({@link dev.agentguard.core.session.Sessions}), the labels a call
 * carries ({@code private}, {@code untrusted}, {@code egress}), flow rules, budgets, loop detection, the
 * approvals-per-conversation cap, the lethal-trifecta rule and the hook that scans tool results for secrets.
 */
package dev.agentguard.core.session;
