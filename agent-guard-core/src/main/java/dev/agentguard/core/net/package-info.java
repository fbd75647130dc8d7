/**
 * The network allowlist: {@link dev.agentguard.core.net.NetworkCheck}, a strict URL parser, address ranges, host
 * rules and their index, name resolution ({@link dev.agentguard.core.net.HostResolver}) and
 * {@link dev.agentguard.core.net.ResolvedTarget}, what a check hands to the code that connects. Depends on
 * {@code core.check} and {@code core.internal}; HTTP and the egress proxy are in the {@code agent-guard-sandbox}
 * module.
 */
package dev.agentguard.core.net;
