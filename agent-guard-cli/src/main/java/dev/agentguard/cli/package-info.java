/**
 * The {@code agent-guard} command line (check, explain, validate, audit). Depends on core, sandbox and ops; no
 * library module depends on it.
 */
package dev.agentguard.cli;
