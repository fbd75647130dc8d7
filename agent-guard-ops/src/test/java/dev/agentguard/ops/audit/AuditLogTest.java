package dev.agentguard.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentguard.api.ApprovalResponse;
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
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private List<JsonNode> records(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void recordsEveryEventOfARealGuardChainedAndSealed() throws Exception {
    Path log = dir.resolve("audit.log");
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("deploy"))
        .rule(ToolRule.of("deploys-need-signoff", "deploy", Verdict.ASK, "production deploys need sign-off"))
        .build();
    try (AuditLog audit = AuditLog.open(log)) {
      AgentGuard guard = AgentGuard.builder().policy(policy).environment(GuardEnvironment.ofWorkspace(dir))
          .approver(r -> CompletableFuture.completedFuture(ApprovalResponse.approved("alice")))
          .listener(audit).build();
      ToolExecutor tools = guard.wrap(call -> ToolResult.of("secret file contents"));
      CallContext ctx = CallContext.builder().agentName("bot").conversationId("conv-9")
          .rationale("need it; password=hunter2").build();
      tools.execute(new ToolCall("c1", "read_file", "{\"path\":\"a.txt\",\"token\":\"hunter2\"}", ctx));
      tools.execute(new ToolCall("c2", "deploy", "{}", ctx));
      assertThatThrownBy(() -> tools.execute(new ToolCall("c3", "read_file", "{\"path\":\"/etc/shadow\"}", ctx)))
          .isInstanceOf(ToolCallDeniedException.class);
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(log);
    assertThat(result.problem()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.sealed()).isTrue();
    List<JsonNode> records = records(log);
    assertThat(result.records()).isEqualTo(records.size());
    assertThat(records).extracting(r -> r.get("type").asText()).containsExactly(
        "log_opened",
        "call_started", "call_decided", "call_completed",
        "call_started", "call_decided", "approval_requested", "approval_resolved", "call_completed",
        "call_started", "call_decided", "call_denied",
        "log_closed");
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(records.get(0).get("prev").asText()).isEqualTo("0".repeat(64));
    JsonNode started = records.get(1);
    assertThat(started.get("call_id").asText()).isEqualTo("c1");
    assertThat(started.get("tool").asText()).isEqualTo("read_file");
    assertThat(started.get("conversation").asText()).isEqualTo("conv-9");
    assertThat(started.get("agent_name").asText()).isEqualTo("bot");
    JsonNode resolved = records.get(7);
    assertThat(resolved.get("approver").asText()).isEqualTo("alice");
    assertThat(resolved.get("outcome").asText()).isEqualTo("approved");
    assertThat(resolved.get("scope").asText()).isEqualTo("once");
    assertThat(resolved.has("wait_ms")).isTrue();
    JsonNode denied = records.get(11);
    assertThat(denied.get("verdict").asText()).isEqualTo("deny");
    assertThat(denied.get("rule").asText()).isNotBlank();
    assertThat(denied.get("reason").asText()).isNotBlank();
    String all = Files.readString(log);
    assertThat(all).doesNotContain("hunter2").doesNotContain("secret file contents");
  }

  @Test
  void reopeningContinuesTheChain() throws Exception {
    Path log = dir.resolve("audit.log");
    try (AuditLog audit = AuditLog.open(log)) {
      audit.onEvent(AuditEvents.event(0));
    }
    try (AuditLog audit = AuditLog.open(log)) {
      assertThat(audit.lastSeq()).isEqualTo(4);
      audit.onEvent(AuditEvents.event(1));
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(log);
    assertThat(result.ok()).isTrue();
    assertThat(result.sealed()).isTrue();
    assertThat(result.records()).isEqualTo(6);
  }

  @Test
  void aTornLastLineIsKeptAsEvidenceAndReported() throws Exception {
    Path log = dir.resolve("audit.log");
    try (AuditLog audit = AuditLog.open(log)) {
      audit.onEvent(AuditEvents.event(0));
    }
    Files.write(log, "{\"seq\":4,\"prev\":\"ab".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    AuditLogVerifier.Result cut = AuditLogVerifier.verify(log);
    assertThat(cut.ok()).isFalse();
    assertThat(cut.problem().orElseThrow().line()).isEqualTo(4);
    assertThat(cut.problem().orElseThrow().reason()).contains("truncated");
    try (AuditLog audit = AuditLog.open(log)) {
      audit.onEvent(AuditEvents.event(1));
    }
    AuditLogVerifier.Result after = AuditLogVerifier.verify(log);
    assertThat(after.ok()).isFalse();
    assertThat(after.problem().orElseThrow().line()).isEqualTo(4);
    assertThat(after.records()).isEqualTo(3);
  }

  @Test
  void rotationKeepsTheChainVerifiableAcrossFiles() throws Exception {
    Path log = dir.resolve("audit.log");
    try (AuditLog audit = AuditLog.builder(log).maxFileBytes(2_000).forceEvery(0).open()) {
      for (int i = 0; i < 60; i++) {
        audit.onEvent(AuditEvents.event(i));
      }
    }
    assertThat(Files.exists(AuditLogVerifier.rotated(log, 3))).isTrue();
    AuditLogVerifier.Result result = AuditLogVerifier.verify(log);
    assertThat(result.problem()).isEmpty();
    assertThat(result.sealed()).isTrue();
    assertThat(result.files().size()).isGreaterThan(3);
    assertThat(result.firstSeq()).isEqualTo(1);
    assertThat(result.records()).isEqualTo(result.lastSeq());
    // pruning the oldest files leaves a verifiable log that says where it starts
    int oldest = result.files().size() - 1;
    Path pruneDir = Files.createDirectory(dir.resolve("pruned"));
    Path copy = pruneDir.resolve("audit.log");
    Files.copy(log, copy);
    for (int i = 1; i < oldest; i++) {
      Files.copy(AuditLogVerifier.rotated(log, i), AuditLogVerifier.rotated(copy, i));
    }
    AuditLogVerifier.Result pruned = AuditLogVerifier.verify(copy);
    assertThat(pruned.problem()).isEmpty();
    assertThat(pruned.firstSeq()).isGreaterThan(1);
    // a rotated file that loses its tail is caught
    Path middle = AuditLogVerifier.rotated(log, 2);
    List<String> lines = Files.readAllLines(middle);
    Files.write(middle, lines.subList(0, lines.size() - 1));
    AuditLogVerifier.Result cut = AuditLogVerifier.verify(log);
    assertThat(cut.ok()).isFalse();
    assertThat(cut.problem().orElseThrow().file()).isEqualTo(middle);
  }

  @Test
  void eightConcurrentWritersLoseNoRecord() throws Exception {
    Path log = dir.resolve("audit.log");
    int threads = 8;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try (AuditLog audit = AuditLog.builder(log).forceEvery(0).maxFileBytes(256 * 1024).open()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            audit.onEvent(AuditEvents.event(base + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(log);
    assertThat(result.problem()).isEmpty();
    assertThat(result.sealed()).isTrue();
    List<String> ids = new ArrayList<>();
    for (Path f : result.files()) {
      for (JsonNode r : records(f)) {
        if (r.has("call_id")) {
          ids.add(r.get("call_id").asText());
        }
      }
    }
    assertThat(ids).hasSize(threads * perThread).doesNotHaveDuplicates();
  }

  @Test
  void newFilesAreOwnerOnly() throws Exception {
    Path log = dir.resolve("private.log");
    try (AuditLog audit = AuditLog.builder(log).maxFileBytes(500).open()) {
      audit.onEvent(AuditEvents.event(0));
      audit.onEvent(AuditEvents.event(1));
    }
    if (log.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
          .isEqualTo("rw-------");
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(AuditLogVerifier.rotated(log, 1)))).isEqualTo("rw-------");
    }
  }

  @Test
  void aClosedLogRefusesEventsAndCloseIsIdempotent() throws Exception {
    AuditLog audit = AuditLog.open(dir.resolve("a.log"));
    audit.close();
    audit.close();
    assertThatThrownBy(() -> audit.onEvent(AuditEvents.event(0))).isInstanceOf(IllegalStateException.class);
    assertThat(AuditLogVerifier.verify(dir.resolve("a.log")).sealed()).isTrue();
  }

  @Test
  void verifierReportsMissingFilesAndEmptyFiles() throws Exception {
    assertThat(AuditLogVerifier.verify(dir.resolve("nope.log")).problem().orElseThrow().reason())
        .contains("no such file");
    Files.writeString(dir.resolve("empty.log"), "");
    assertThat(AuditLogVerifier.verify(dir.resolve("empty.log")).ok()).isFalse();
  }

  @Test
  void verifierNamesTheBrokenLine() throws Exception {
    Path log = dir.resolve("audit.log");
    try (AuditLog audit = AuditLog.open(log)) {
      for (int i = 0; i < 10; i++) {
        audit.onEvent(AuditEvents.event(i));
      }
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.remove(4);
    Files.write(log, lines);
    AuditLogVerifier.Result result = AuditLogVerifier.verify(log);
    assertThat(result.ok()).isFalse();
    assertThat(result.problem().orElseThrow().line()).isEqualTo(5);
    assertThat(result.problem().orElseThrow().reason()).contains("seq gap");
    assertThat(result.records()).isEqualTo(4);
  }
}
