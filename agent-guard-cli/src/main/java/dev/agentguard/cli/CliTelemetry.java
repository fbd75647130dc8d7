package dev.agentguard.cli;

import dev.agentguard.api.GuardListener;
import dev.agentguard.otel.OpenTelemetryGuardListener;
import io.opentelemetry.api.GlobalOpenTelemetry;

/**
 * The CLI's telemetry, as API-only applications do it: spans and metrics go to the global OpenTelemetry, which the
 * OpenTelemetry Java agent ({@code -javaagent:opentelemetry-javaagent.jar}, configured by the {@code OTEL_*}
 * variables) or a host that embeds the CLI registers. With none registered it is the no-op, and a guard event
 * costs a few checks. The CLI ships the OpenTelemetry API only, never an SDK or an exporter, so nothing it records
 * is written to stdout by the CLI itself.
 */
final class CliTelemetry {

  private CliTelemetry() {}

  /** A listener reporting to the global OpenTelemetry (arguments and results are never recorded). */
  static GuardListener listener() {
    return OpenTelemetryGuardListener.create(GlobalOpenTelemetry.get());
  }
}
