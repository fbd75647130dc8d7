/**
 * Session-aware policy, the model: the {@code session:} section of a policy
 * ({@link dev.agentguard.core.session.SessionPolicy}, with the session rule ids), the labels a conversation can
 * carry ({@link dev.agentguard.core.session.SessionLabel}), the limits on how much session state a guard keeps
 * ({@link dev.agentguard.core.session.SessionLimits}) and what a conversation has seen so far
 * ({@link dev.agentguard.core.session.SessionSnapshot}). The engine that applies it is not exported. Depends on
 * {@code dev.agentguard.api}, {@code core.check} and {@code core.net}.
 */
package dev.agentguard.core.session;
