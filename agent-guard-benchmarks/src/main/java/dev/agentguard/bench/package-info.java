/**
 * JMH benchmarks of the checks, the guard and policy loading, each beside a JDK or library baseline. Depends on
 * core, sandbox, otel (with the OpenTelemetry SDK) and JMH; not published.
 */
package dev.agentguard.bench;
