package dev.agentguard.examples;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's {@code --trace}: an OpenTelemetry SDK whose only exporter prints each finished span, with its
 * attributes and events, to the console. A real application installs its own SDK (OTLP exporter, sampling) and
 * hands it to {@code OpenTelemetryGuardListener}.
 */
final class Tracing implements AutoCloseable {

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
  }

  /** An SDK that prints finished spans to {@code out}. */
  static Tracing printingTo(PrintStream out) {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new PrintingSpanExporter(out)))
            .build())
        .build();
    return new Tracing(sdk, sdk);
  }

  /** No tracing at all. */
  static Tracing off() {
    return new Tracing(OpenTelemetry.noop(), null);
  }

  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }

  /** Prints spans as an indented block: name, kind, status, duration, sorted attributes, events. */
  private static final class PrintingSpanExporter implements SpanExporter {
    private final PrintStream out;

    PrintingSpanExporter(PrintStream out) {
      this.out = out;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData span : spans) {
        StringBuilder b = new StringBuilder();
        b.append("  [trace] span '").append(span.getName()).append("' kind=").append(span.getKind())
            .append(" status=").append(span.getStatus().getStatusCode());
        if (!span.getStatus().getDescription().isEmpty()) {
          b.append(" (").append(span.getStatus().getDescription()).append(')');
        }
        b.append(String.format(" %.3f ms%n", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6));
        appendAttributes(b, "    ", span.getAttributes());
        span.getEvents().stream().sorted(Comparator.comparingLong(EventData::getEpochNanos)).forEach(e -> {
          b.append("    event ").append(e.getName()).append(System.lineSeparator());
          appendAttributes(b, "      ", e.getAttributes());
        });
        out.print(b);
      }
      out.flush();
      return CompletableResultCode.ofSuccess();
    }

    private static void appendAttributes(StringBuilder b, String indent, Attributes attributes) {
      Map<String, Object> sorted = new TreeMap<>();
      attributes.forEach((AttributeKey<?> k, Object v) -> sorted.put(k.getKey(), v));
      sorted.forEach((k, v) -> b.append(indent).append(k).append(" = ").append(v).append(System.lineSeparator()));
    }

    @Override
    public CompletableResultCode flush() {
      out.flush();
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return flush();
    }
  }
}
