package dev.agentguard.otel;

import io.opentelemetry.api.trace.Span;

/**
 * The state of one in-flight call of {@link OpenTelemetryGuardListener}: its span, timings and the decision so
 * far. Touched only by the call's thread (and by eviction, which ends it).
 */
final class CallSpan {
  final Span span;
  final String tool;
  final long startNanos;
  /** The call this one is nested in under the same execution id (a tool that calls the guard), or null. */
  CallSpan outer;
  long toolReadyNanos;
  long approvalStartNanos;
  long approvalWaitNanos;
  String verdict;
  String rule;
  String reason;
  String source;
  String mode;

  CallSpan(Span span, String tool, long startNanos) {
    this.span = span;
    this.tool = tool;
    this.startNanos = startNanos;
  }
}
