package dev.agentguard.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The SDK honours the histograms' bucket advice (its default buckets start at 0 and 5 ms, so every overhead point
 * would land in the first one), and spans and metrics carry the instrumentation scope version.
 */
class MetricAdviceTest {

  @Test
  void histogramsUseTheAdvisedBucketsAndTheScopeHasAVersion() throws Exception {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build()) {
      Policy policy = Policy.builder()
          .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
          .build();
      try (AgentGuard guard = AgentGuard.builder().policy(policy)
          .approver(r -> CompletableFuture.completedFuture(ApprovalResponse.approved("alice")))
          .listener(OpenTelemetryGuardListener.create(sdk)).build()) {
        guard.wrap(call -> ToolResult.of("ok")).execute(ToolCall.of("deploy_web", "{}"));
      }

      Collection<MetricData> all = metrics.collectAllMetrics();
      assertThat(boundaries(all, GuardAttributes.METRIC_OVERHEAD)).isEqualTo(GuardAttributes.OVERHEAD_BUCKETS);
      assertThat(boundaries(all, GuardAttributes.METRIC_APPROVAL_WAIT))
          .isEqualTo(GuardAttributes.APPROVAL_WAIT_BUCKETS);

      String version = ScopeVersion.VERSION;
      assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(all).allSatisfy(m -> assertThat(m.getInstrumentationScopeInfo().getVersion()).isEqualTo(version));
      assertThat(spans.getFinishedSpanItems()).isNotEmpty()
          .allSatisfy(s -> assertThat(s.getInstrumentationScopeInfo().getVersion()).isEqualTo(version));
    }
  }

  @Test
  void bucketsAscendAndCoverMicrosecondsToSecondsAndSecondsToAnHour() {
    assertThat(GuardAttributes.OVERHEAD_BUCKETS).isSorted().first().isEqualTo(0.000_001);
    assertThat(GuardAttributes.OVERHEAD_BUCKETS).last().isEqualTo(1.0);
    assertThat(GuardAttributes.APPROVAL_WAIT_BUCKETS).isSorted().first().isEqualTo(0.1);
    assertThat(GuardAttributes.APPROVAL_WAIT_BUCKETS).last().isEqualTo(3_600.0);
  }

  private static List<Double> boundaries(Collection<MetricData> all, String name) {
    MetricData metric = all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    List<HistogramPointData> points = List.copyOf(metric.getHistogramData().getPoints());
    assertThat(points).isNotEmpty();
    return points.get(0).getBoundaries();
  }
}
