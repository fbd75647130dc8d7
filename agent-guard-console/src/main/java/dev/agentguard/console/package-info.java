/**
 * A web page for the person who approves: {@link dev.agentguard.console.ApprovalConsole} serves the calls
 * waiting in an {@link dev.agentguard.ops.approval.ApprovalInbox} (tool, redacted arguments, resources, the
 * rules that asked and why, the agent's rationale and alternatives) with buttons to approve once, approve for
 * the session or deny with a comment. Sign-in by a random token, CSRF protection, and every answer bound to
 * the fingerprint of the call the page showed. Depends on {@code agent-guard-ops} (the inbox), the API, Jackson and
 * the JDK's HTTP server; nothing depends on it.
 */
package dev.agentguard.console;
