/** Runnable examples: an offline demo agent, the quick start and tracing. Not a library. */
package dev.agentguard.examples;
