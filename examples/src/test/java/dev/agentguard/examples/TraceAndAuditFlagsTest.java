package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.ops.audit.AuditLogVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's --trace prints execute_tool spans with their attributes; --audit FILE writes a verifiable log. */
class TraceAndAuditFlagsTest {

  @TempDir Path dir;

  private String runDemo(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      GuardDemo.run(args, out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void traceAndAuditTogether() throws Exception {
    Path audit = dir.resolve("audit.log");
    String out = runDemo("--trace", "--audit", audit.toString());
    assertThat(out).contains("span 'execute_tool read_file' kind=INTERNAL")
        .contains("span 'execute_tool deploy_service'")
        .contains("gen_ai.operation.name = execute_tool")
        .contains("gen_ai.tool.call.id = c1")
        .contains("agent_guard.decision.source = approver")
        .contains("error.type = agent_guard.denied")
        .contains("event agent_guard.check")
        .contains("chain ok");
    AuditLogVerifier.Result result = AuditLogVerifier.verify(audit);
    assertThat(result.ok()).isTrue();
    assertThat(result.sealed()).isTrue();
  }

  @Test
  void withoutFlagsNoSpansArePrinted() throws Exception {
    assertThat(runDemo()).doesNotContain("[trace]").contains("demo finished");
  }

  @Test
  void auditWithoutAFileIsAnError() {
    assertThatThrownBy(() -> runDemo("--audit")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--audit");
  }
}
