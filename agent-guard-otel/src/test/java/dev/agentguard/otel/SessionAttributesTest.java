package dev.agentguard.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.session.SessionPolicy;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every span of a guard with a session section carries what the conversation has seen. */
class SessionAttributesTest {

  @TempDir Path workspace;

  @Test
  void theSessionStateIsASpanAttribute() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build()) {
      Path ws = workspace.toRealPath();
      Files.writeString(ws.resolve(".env"), "TOKEN=x");
      Policy policy = Policy.builder()
          .root("${workspace}", RootAccess.READ_WRITE)
          .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path")))
          .session(SessionPolicy.builder().privateGlobs(List.of("**/.env*")).build())
          .build();
      AgentGuard guard = AgentGuard.builder().policy(policy).environment(GuardEnvironment.ofWorkspace(ws))
          .listener(OpenTelemetryGuardListener.create(sdk)).build();
      ToolExecutor guarded = guard.wrap(c -> ToolResult.of("ok"));
      CallContext ctx = CallContext.builder().conversationId("conv-9").build();
      guarded.execute(new ToolCall("c1", "read_file", "{\"path\":\".env\"}", ctx));
      guarded.execute(new ToolCall("c2", "read_file", "{\"path\":\"a.txt\"}", ctx));
      List<SpanData> finished = spans.getFinishedSpanItems();
      assertThat(finished).hasSize(2);
      assertThat(finished.get(0).getAttributes().get(GuardAttributes.SESSION))
          .contains("conversation conv-9").contains("this call: private (read .env)");
      assertThat(finished.get(1).getAttributes().get(GuardAttributes.SESSION))
          .contains("labels: private (call c1 read_file: read .env)").contains("calls 2");
    }
  }
}
