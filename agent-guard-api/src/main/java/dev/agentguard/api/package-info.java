/**
 * The agent-guard API: tool calls and results, resources, verdicts and decisions, events and listeners, the
 * interceptor chain and the approval SPI. Immutable values and interfaces; depends on the JDK only.
 */
package dev.agentguard.api;
