package dev.agentguard.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 10: spans pair by the guard's execution id, so an interceptor that changes the call's
 * conversation or id cannot leave a span open. On the old main, setting a conversation id left 2 spans in
 * flight and 0 finished.
 */
class SpanPairingTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  @Test
  void interceptorsThatChangeConversationOrIdLeaveNoSpanOpen() throws Exception {
    OpenTelemetryGuardListener listener = OpenTelemetryGuardListener.builder(sdk).build();
    List<ToolInterceptor> rewriters = List.of(
        chain -> chain.proceed(chain.call().withContext(CallContext.builder().conversationId("set-late").build())),
        chain -> chain.proceed(new ToolCall("new-id", chain.call().toolName(), chain.call().argumentsJson(),
            chain.call().context())));
    for (ToolInterceptor rewriter : rewriters) {
      ToolExecutor guarded = AgentGuard.builder()
          .policy(Policy.builder().unknownTool(Verdict.ALLOW).build())
          .listener(listener).interceptor(rewriter).build()
          .wrap(call -> ToolResult.of("ok"));
      guarded.execute(ToolCall.of("echo", "{}"));
      guarded.execute(ToolCall.of("echo", "{}"));
    }
    assertThat(listener.inFlight()).isZero();
    assertThat(spans.getFinishedSpanItems()).hasSize(4);
  }
}
