/**
 * What every check is built on: the {@link dev.agentguard.core.check.GuardCheck} interface a custom check
 * implements, the {@link dev.agentguard.core.check.CheckRequest} it judges, the host's
 * {@link dev.agentguard.core.check.GuardEnvironment} (with the policy variables it defines) and the analysis
 * {@link dev.agentguard.core.check.GuardLimits}. Depends only on {@code dev.agentguard.api} and Jackson; every
 * other core package may depend on it, it depends on none of them.
 */
package dev.agentguard.core.check;
