/**
 * Guarded I/O for tool authors: {@link dev.agentguard.sandbox.GuardedFiles} (file access),
 * {@link dev.agentguard.sandbox.GuardedProcess} (processes), {@link dev.agentguard.sandbox.GuardedHttpClient}
 * (HTTP) and {@link dev.agentguard.sandbox.EgressProxy} (an HTTP proxy for child processes). Each asks a core check
 * first and performs only what it allowed, on exactly what it resolved. Depends on {@code dev.agentguard.api} and
 * the core checks; nothing in core depends on it.
 */
package dev.agentguard.sandbox;
