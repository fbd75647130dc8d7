/** OpenTelemetry spans and metrics for guard events. */
module dev.agentguard.otel {
  requires transitive dev.agentguard.api;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;

  exports dev.agentguard.otel;
}
