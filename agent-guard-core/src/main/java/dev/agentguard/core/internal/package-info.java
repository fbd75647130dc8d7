/**
 * Not exported: the machinery behind the guard (the interceptor chain, per-call state, the evaluator, listener
 * dispatch) and JSON pointers. Depends on {@code core.check} and
 * {@code core.telemetry}; may be used by any core package above it, never by other modules.
 */
package dev.agentguard.core.internal;
