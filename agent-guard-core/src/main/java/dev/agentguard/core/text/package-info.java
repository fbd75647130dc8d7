/**
 * Exported only to {@code agent-guard-sandbox} and {@code agent-guard-ops}: the one way untrusted text (a path,
 * URL, command or tool name chosen by a model) is quoted into a reason or onto a console. Used by every check.
 * Depends on the JDK only.
 */
package dev.agentguard.core.text;
