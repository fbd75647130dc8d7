/**
 * OpenTelemetry for guard events: {@link dev.agentguard.otel.OpenTelemetryGuardListener} turns events into spans
 * and metrics. Depends on {@code dev.agentguard.api} and the OpenTelemetry API only.
 */
package dev.agentguard.otel;
