/** JMH benchmarks of the checks, the guard and policy loading, each beside a JDK or library baseline. */
package dev.agentguard.bench;
