/**
 * The policy model ({@link dev.agentguard.core.policy.Policy}, tool rules, modes), loading from YAML/JSON
 * ({@link dev.agentguard.core.policy.PolicyLoader}) with located errors, layering of several files, bounded
 * regular expressions and the tool-rule check. Depends on {@code core.check}, the rule types of {@code core.fs},
 * {@code core.net} and {@code core.exec}, {@code core.internal} and Jackson; reloading on change is in the
 * {@code agent-guard-ops} module.
 */
package dev.agentguard.core.policy;
