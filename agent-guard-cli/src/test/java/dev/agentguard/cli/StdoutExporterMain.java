package dev.agentguard.cli;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The CLI's {@link Main#main} with a global OpenTelemetry SDK whose exporter prints every span to
 * {@code System.out}, as a careless exporter would: run in a JVM of its own by {@link McpProxyStdoutTest}.
 */
final class StdoutExporterMain {

  private StdoutExporterMain() {}

  /** Registers the printing SDK as the global, then runs the CLI. */
  public static void main(String[] args) {
    SpanExporter toStdout = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
          System.out.println("SPAN " + span.getName() + " " + span.getAttributes());
        }
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    GlobalOpenTelemetry.set(OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(toStdout)).build())
        .build());
    Main.main(args);
  }
}
