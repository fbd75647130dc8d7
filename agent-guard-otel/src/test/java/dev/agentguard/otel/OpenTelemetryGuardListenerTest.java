package dev.agentguard.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Mode;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenTelemetryGuardListenerTest {

  /** Made up, real-shaped. */
  private static final String GITHUB_TOKEN = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";

  @TempDir Path workspace;

  private InMemorySpanExporter spans;
  private InMemoryMetricReader metrics;
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void setUp() {
    spans = InMemorySpanExporter.create();
    metrics = InMemoryMetricReader.create();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  private Policy policy(Mode mode) {
    return Policy.builder()
        .mode(mode)
        .root("${workspace}", RootAccess.READ_WRITE)
        .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("deploy"))
        .tool(ToolDescriptor.of("flaky"))
        .rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "production deploys need sign-off"))
        .rule(ToolRule.of("flaky-ok", "flaky", Verdict.ALLOW, "flaky is fine"))
        .build();
  }

  private ToolExecutor guarded(Mode mode, Approver approver, OpenTelemetryGuardListener listener) {
    AgentGuard guard = AgentGuard.builder().policy(policy(mode)).environment(GuardEnvironment.ofWorkspace(workspace))
        .approver(approver).listener(listener).build();
    return guard.wrap(call -> {
      if (call.toolName().equals("flaky")) {
        throw new IOException("disk on fire with token " + GITHUB_TOKEN);
      }
      return ToolResult.of("contents with " + GITHUB_TOKEN);
    });
  }

  private static ToolCall call(String id, String tool, String args) {
    return new ToolCall(id, tool, args, CallContext.builder().agentId("agent-7").agentName("coder")
        .conversationId("conv-1").rationale("the user asked; my key is " + GITHUB_TOKEN)
        .alternative("ask the user first").build());
  }

  private static Approver approving() {
    return r -> CompletableFuture.completedFuture(ApprovalResponse.approved("alice@example.com"));
  }

  private static Approver refusing() {
    return r -> CompletableFuture.completedFuture(ApprovalResponse.denied("bob@example.com", "not today"));
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void allowedCallMakesOneExecuteToolSpanWithGenAiAndGuardAttributes() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.create(sdk);
    guarded(Mode.ENFORCE, approving(), listener)
        .execute(call("c1", "read_file", "{\"path\":\"README.md\",\"api_key\":\"hunter2\"}"));

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("execute_tool read_file");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(span, "gen_ai.operation.name")).isEqualTo("execute_tool");
    assertThat(attr(span, "gen_ai.tool.name")).isEqualTo("read_file");
    assertThat(attr(span, "gen_ai.tool.call.id")).isEqualTo("c1");
    assertThat(attr(span, "gen_ai.tool.type")).isEqualTo("function");
    assertThat(attr(span, "gen_ai.agent.id")).isEqualTo("agent-7");
    assertThat(attr(span, "gen_ai.agent.name")).isEqualTo("coder");
    assertThat(attr(span, "gen_ai.conversation.id")).isEqualTo("conv-1");
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("allow");
    assertThat(attr(span, "agent_guard.rule")).isNotBlank();
    assertThat(attr(span, "agent_guard.reason")).isNotNull();
    assertThat(attr(span, "agent_guard.decision.source")).isEqualTo("policy");
    assertThat(attr(span, "agent_guard.mode")).isEqualTo("enforce");
    assertThat(attr(span, "error.type")).isNull();
    assertThat(attr(span, "gen_ai.tool.call.arguments")).isNull();
    assertThat(attr(span, "gen_ai.tool.call.result")).isNull();

    List<EventData> checks = events(span, "agent_guard.check");
    assertThat(checks).isNotEmpty();
    assertThat(checks.get(0).getAttributes().get(AttributeKey.stringKey("agent_guard.check"))).isNotBlank();
    EventData rationale = events(span, "agent_guard.agent.rationale").get(0);
    assertThat(rationale.getAttributes().get(GuardAttributes.RATIONALE)).startsWith("the user asked")
        .doesNotContain(GITHUB_TOKEN);
    assertThat(rationale.getAttributes().get(GuardAttributes.ALTERNATIVES)).containsExactly("ask the user first");

    assertThat(counts()).containsEntry(List.of("allow", "read_file", attr(span, "agent_guard.rule")), 1L);
    assertThat(histogramCount(GuardAttributes.METRIC_OVERHEAD)).isEqualTo(1);
    assertThat(listener.inFlight()).isZero();
  }

  @Test
  void deniedCallIsAnErrorSpanWithTheDenyingRule() {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.create(sdk);
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), listener);
    assertThatThrownBy(() -> tools.execute(call("c2", "read_file", "{\"path\":\"/etc/shadow\"}")))
        .isInstanceOf(ToolCallDeniedException.class);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("execute_tool read_file");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isNotBlank();
    assertThat(attr(span, "error.type")).isEqualTo("agent_guard.denied");
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("deny");
    assertThat(attr(span, "agent_guard.decision.source")).isEqualTo("policy");
    assertThat(events(span, "agent_guard.check"))
        .anySatisfy(e -> assertThat(e.getAttributes().get(AttributeKey.stringKey("agent_guard.verdict")))
            .isEqualTo("deny"));
    assertThat(counts().keySet()).anySatisfy(k -> assertThat(k.get(0)).isEqualTo("deny"));
  }

  @Test
  void unknownToolDecidedByTheDefaultSaysSourceDefault() {
    ToolExecutor tools = guarded(Mode.ENFORCE, refusing(), OpenTelemetryGuardListener.create(sdk));
    assertThatThrownBy(() -> tools.execute(call("c3", "mystery_tool", "{}")))
        .isInstanceOf(ToolCallDeniedException.class);
    SpanData span = onlySpan();
    assertThat(attr(span, "agent_guard.rule")).isEqualTo("approval.denied");
    assertThat(attr(span, "agent_guard.decision.source")).isEqualTo("approver");
    assertThat(events(span, "agent_guard.check")).anySatisfy(e ->
        assertThat(e.getAttributes().get(AttributeKey.stringKey("agent_guard.rule"))).isEqualTo("defaults.unknownTool"));
  }

  @Test
  void approvedCallCarriesApprovalEventsAndWaitMetric() throws Exception {
    guarded(Mode.ENFORCE, approving(), OpenTelemetryGuardListener.create(sdk)).execute(call("c4", "deploy", "{}"));

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("allow");
    assertThat(attr(span, "agent_guard.rule")).isEqualTo("deploys-need-signoff");
    assertThat(attr(span, "agent_guard.decision.source")).isEqualTo("approver");
    assertThat(attr(span, "agent_guard.approval.approver")).isEqualTo("alice@example.com");
    EventData requested = events(span, "agent_guard.approval.requested").get(0);
    assertThat(requested.getAttributes().get(GuardAttributes.APPROVAL_RULES)).containsExactly("deploys-need-signoff");
    EventData resolved = events(span, "agent_guard.approval.resolved").get(0);
    assertThat(resolved.getAttributes().get(GuardAttributes.APPROVAL_OUTCOME)).isEqualTo("approved");
    assertThat(resolved.getAttributes().get(GuardAttributes.APPROVAL_SCOPE)).isEqualTo("once");
    assertThat(resolved.getAttributes().get(GuardAttributes.APPROVAL_APPROVER)).isEqualTo("alice@example.com");
    assertThat(resolved.getAttributes().get(GuardAttributes.APPROVAL_WAIT_MS)).isNotNull();
    assertThat(histogramCount(GuardAttributes.METRIC_APPROVAL_WAIT)).isEqualTo(1);
    assertThat(counts()).containsEntry(List.of("allow", "deploy", "deploys-need-signoff"), 1L);
  }

  @Test
  void refusedCallIsDeniedByTheApprover() {
    ToolExecutor tools = guarded(Mode.ENFORCE, refusing(), OpenTelemetryGuardListener.create(sdk));
    assertThatThrownBy(() -> tools.execute(call("c5", "deploy", "{}"))).isInstanceOf(ToolCallDeniedException.class);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo("agent_guard.denied");
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("deny");
    assertThat(attr(span, "agent_guard.decision.source")).isEqualTo("approver");
    assertThat(attr(span, "agent_guard.reason")).contains("bob@example.com");
    EventData resolved = events(span, "agent_guard.approval.resolved").get(0);
    assertThat(resolved.getAttributes().get(GuardAttributes.APPROVAL_OUTCOME)).isEqualTo("denied");
    assertThat(counts()).containsEntry(List.of("deny", "deploy", "approval.denied"), 1L);
  }

  @Test
  void failingToolIsAnErrorSpanNamedByExceptionClassOnly() {
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), OpenTelemetryGuardListener.create(sdk));
    assertThatThrownBy(() -> tools.execute(call("c6", "flaky", "{}"))).isInstanceOf(IOException.class);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo("java.io.IOException");
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("allow");
    assertThat(span.getEvents()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    assertThat(span.toString()).doesNotContain("disk on fire");
    assertThat(counts()).containsEntry(List.of("allow", "flaky", "flaky-ok"), 1L);
  }

  @Test
  void auditModeRecordsTheDenyWithoutBlocking() throws Exception {
    guarded(Mode.AUDIT, approving(), OpenTelemetryGuardListener.create(sdk))
        .execute(call("c7", "read_file", "{\"path\":\"/etc/shadow\"}"));
    SpanData span = onlySpan();
    assertThat(attr(span, "agent_guard.mode")).isEqualTo("audit");
    assertThat(attr(span, "agent_guard.verdict")).isEqualTo("deny");
    assertThat(attr(span, "error.type")).isNull();
  }

  @Test
  void nothingSensitiveInAnyAttributeOrEventUnlessOptedIn() throws Exception {
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), OpenTelemetryGuardListener.create(sdk));
    tools.execute(call("c8", "read_file", "{\"path\":\"README.md\",\"token\":\"" + GITHUB_TOKEN + "\"}"));
    tools.execute(call("c9", "deploy", "{\"password\":\"hunter2\"}"));
    assertThatThrownBy(() -> tools.execute(call("c10", "flaky", "{}"))).isInstanceOf(IOException.class);
    for (SpanData span : spans.getFinishedSpanItems()) {
      String everything = span.getAttributes().toString() + span.getEvents() + span.getStatus();
      assertThat(everything).doesNotContain(GITHUB_TOKEN).doesNotContain("hunter2").doesNotContain("contents with")
          .doesNotContain("disk on fire");
    }
  }

  @Test
  void contentCaptureIsOptInAndStillRedacted() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.builder(sdk).captureContent(true)
        .maxAttributeLength(40).build();
    guarded(Mode.ENFORCE, approving(), listener)
        .execute(call("c11", "read_file", "{\"path\":\"README.md\",\"password\":\"hunter2\"}"));
    SpanData span = onlySpan();
    assertThat(attr(span, "gen_ai.tool.call.arguments")).contains("README.md").doesNotContain("hunter2");
    assertThat(attr(span, "gen_ai.tool.call.result")).startsWith("contents with").hasSizeLessThanOrEqualTo(43);
  }

  @Test
  void spanIsAChildOfTheCurrentContext() throws Exception {
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), OpenTelemetryGuardListener.create(sdk));
    Span parent = sdk.getTracer("test").spanBuilder("agent turn").startSpan();
    Scope scope = parent.makeCurrent();
    try {
      tools.execute(call("c12", "deploy", "{}"));
    } finally {
      scope.close();
      parent.end();
    }
    Map<String, SpanData> byName = spans.getFinishedSpanItems().stream()
        .collect(Collectors.toMap(SpanData::getName, s -> s));
    SpanData child = byName.get("execute_tool deploy");
    assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(child.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void spanSurvivesAnAsynchronousApprovalAnsweredOnAnotherThread() throws Exception {
    Approver slowHuman = r -> CompletableFuture.supplyAsync(() -> ApprovalResponse.approvedForSession("carol"),
        CompletableFuture.delayedExecutor(30, java.util.concurrent.TimeUnit.MILLISECONDS));
    ToolExecutor tools = guarded(Mode.ENFORCE, slowHuman, OpenTelemetryGuardListener.create(sdk));
    Span parent = sdk.getTracer("test").spanBuilder("agent turn").startSpan();
    Scope scope = parent.makeCurrent();
    try {
      tools.execute(call("a1", "deploy", "{}"));
      tools.execute(call("a2", "deploy", "{}"));
    } finally {
      scope.close();
      parent.end();
    }
    List<SpanData> deploys = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("execute_tool deploy")).collect(Collectors.toList());
    assertThat(deploys).hasSize(2).allSatisfy(s -> {
      assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(attr(s, "agent_guard.verdict")).isEqualTo("allow");
      assertThat(attr(s, "agent_guard.decision.source")).isEqualTo("approver");
    });
    EventData first = events(deploys.get(0), "agent_guard.approval.resolved").get(0);
    assertThat(first.getAttributes().get(GuardAttributes.APPROVAL_SCOPE)).isEqualTo("session");
    assertThat(first.getAttributes().get(GuardAttributes.APPROVAL_WAIT_MS)).isGreaterThanOrEqualTo(1.0);
    assertThat(events(deploys.get(0), "agent_guard.approval.requested")).hasSize(1);
    EventData second = events(deploys.get(1), "agent_guard.approval.resolved").get(0);
    assertThat(second.getAttributes().get(GuardAttributes.APPROVAL_OUTCOME)).isEqualTo("session");
    assertThat(events(deploys.get(1), "agent_guard.approval.requested")).isEmpty();
    assertThat(histogramCount(GuardAttributes.METRIC_APPROVAL_WAIT)).isEqualTo(1);
  }

  @Test
  void repeatedCallIdsAcrossCallsMakeSeparateSpans() throws Exception {
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), OpenTelemetryGuardListener.create(sdk));
    tools.execute(call("same", "read_file", "{\"path\":\"a.md\"}"));
    tools.execute(call("same", "deploy", "{}"));
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("execute_tool read_file", "execute_tool deploy");
  }

  @Test
  void concurrentCallsWithTheSameIdsEachGetTheirOwnSpan() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.create(sdk);
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), listener);
    int threads = 8;
    int perThread = 50;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String tool = i % 2 == 0 ? "read_file" : "deploy";
            tools.execute(call("same-id", tool, i % 2 == 0 ? "{\"path\":\"a.md\"}" : "{}"));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(threads * perThread);
    assertThat(finished).filteredOn(s -> s.getName().equals("execute_tool deploy")).hasSize(threads * perThread / 2)
        .allSatisfy(s -> assertThat(events(s, "agent_guard.approval.resolved")).hasSize(1));
    assertThat(finished).filteredOn(s -> s.getName().equals("execute_tool read_file"))
        .allSatisfy(s -> assertThat(events(s, "agent_guard.approval.resolved")).isEmpty());
    assertThat(listener.inFlight()).isZero();
    assertThat(counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(threads * perThread);
  }

  @Test
  void staleAndOverflowingSpansAreEnded() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.builder(sdk).maxInFlight(2)
        .staleAfter(Duration.ofHours(1)).build();
    for (int i = 0; i < 5; i++) {
      listener.onEvent(new dev.agentguard.api.GuardEvent.CallStarted(call("s" + i, "read_file", "{}"),
          java.time.Instant.now()));
    }
    assertThat(listener.inFlight()).isLessThanOrEqualTo(2);
    assertThat(spans.getFinishedSpanItems()).hasSize(3)
        .allSatisfy(s -> assertThat(attr(s, "error.type")).isEqualTo("agent_guard.abandoned"));
  }

  @Test
  void noopOpenTelemetryRecordsNothingAndKeepsNoState() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.create(OpenTelemetry.noop());
    ToolExecutor tools = guarded(Mode.ENFORCE, approving(), listener);
    tools.execute(call("n1", "read_file", "{\"path\":\"README.md\"}"));
    assertThat(listener.inFlight()).isZero();
    listener.onEvent(new dev.agentguard.api.GuardEvent.CallStarted(call("n2", "x", "{}"), java.time.Instant.now()));
    assertThat(listener.inFlight()).isZero();
  }

  private static List<EventData> events(SpanData span, String name) {
    return span.getEvents().stream().filter(e -> e.getName().equals(name)).collect(Collectors.toList());
  }

  private MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }

  private Map<List<String>, Long> counts() {
    MetricData m = metric(metrics.collectAllMetrics(), GuardAttributes.METRIC_DECISIONS);
    return m.getLongSumData().getPoints().stream().collect(Collectors.toMap(
        (LongPointData p) -> List.of(p.getAttributes().get(GuardAttributes.VERDICT),
            p.getAttributes().get(GuardAttributes.GEN_AI_TOOL_NAME), p.getAttributes().get(GuardAttributes.RULE)),
        LongPointData::getValue));
  }

  private long histogramCount(String name) {
    MetricData m = metric(metrics.collectAllMetrics(), name);
    return m.getHistogramData().getPoints().stream().mapToLong(HistogramPointData::getCount).sum();
  }
}
