package dev.agentguard.core.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.RedactedException;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.internal.Fingerprints;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.core.telemetry.Redactor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing secret leaves the process, and fingerprints are keyed (issue 15, items 5, 6 and 11). */
class LeakTest {

  private static final String TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

  @TempDir Path workspace;

  private static String text(List<GuardEvent> events) {
    List<String> out = new ArrayList<>();
    for (GuardEvent e : events) {
      out.add(e.toString());
      if (e instanceof GuardEvent.CallFailed) {
        out.add(String.valueOf(((GuardEvent.CallFailed) e).error().getMessage()));
      }
    }
    return String.join("\n", out);
  }

  /**
   * Item 11: a secret inside a file-path argument is masked in the decided resources, the reasons and the
   * refusal the model gets. On the old main it appeared in {@code CallDecided} resources.
   */
  @Test
  void aSecretInAFilePathIsMaskedEverywhere() throws Exception {
    Recorder events = new Recorder();
    ToolExecutor guarded = AgentGuard.builder()
        .policy(Policy.builder().root(workspace.toString(), FileSystemRules.RootAccess.READ)
            .tool(ToolDescriptor.of("read_file", ToolDescriptor.ResourceSpec.fileRead("/path"))).build())
        .workspace(workspace).listener(events).build().wrap(call -> ToolResult.of("x"));
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("read_file", "{\"path\":\"/etc/" + TOKEN + "/a\"}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    GuardEvent.CallDecided decided = events.await(GuardEvent.CallDecided.class);
    assertThat(decided.evaluation().resources()).singleElement()
        .satisfies(r -> assertThat(((Resource.FileAccess) r).path()).doesNotContain(TOKEN).contains("REDACTED"));
    assertThat(text(events.all())).doesNotContain(TOKEN);
  }

  /**
   * Item 11: malformed JSON holding an unquoted password never echoes it in a reason; the key rules
   * ({@code pwd}, {@code auth}) still mask values in malformed and too-deep JSON. On the old main the reason was
   * {@code Unrecognized token 'Sup3rS3cret'} and the key rules did not apply.
   */
  @Test
  void malformedAndTooDeepArgumentsLeakNothing() throws Exception {
    Recorder events = new Recorder();
    ToolExecutor guarded = AgentGuard.builder().policy(Policy.builder().unknownTool(Verdict.ALLOW).build())
        .listener(events).build().wrap(call -> ToolResult.of("x"));
    String malformed = "{\"user\":\"bob\",\"pwd\":Sup3rS3cret, \"auth\": \"Hunter22x\"";
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("login", malformed)))
        .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
          assertThat(e.decision().rule()).isEqualTo("input.invalid-json");
          assertThat(e.getMessage()).doesNotContain("Sup3rS3cret");
        });
    String deep = "[".repeat(300) + "{\"pwd\":\"Sup3rS3cret\",\"auth\":\"Hunter22x\"}" + "]".repeat(300);
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("login", deep)))
        .isInstanceOf(ToolCallDeniedException.class);
    String all = text(events.all());
    assertThat(all).doesNotContain("Sup3rS3cret").doesNotContain("Hunter22x");
    assertThat(Redactor.defaults().redactJson(malformed)).doesNotContain("Sup3rS3cret").doesNotContain("Hunter22x");
  }

  /**
   * Item 11: a tool's exception message reaches listeners redacted (its type stays readable through
   * {@link RedactedException#typeOf}); the caller still gets the original exception. On the old main listeners
   * got the raw message.
   */
  @Test
  void aToolsExceptionMessageIsRedactedForListeners() {
    Recorder events = new Recorder();
    IllegalStateException boom = new IllegalStateException("login failed with token " + TOKEN);
    ToolExecutor guarded = AgentGuard.builder().policy(Policy.builder().unknownTool(Verdict.ALLOW).build())
        .listener(events).build().wrap(call -> {
          throw boom;
        });
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("login", "{}"))).isSameAs(boom);
    GuardEvent.CallFailed failed = events.of(GuardEvent.CallFailed.class).get(0);
    assertThat(failed.error().getMessage()).doesNotContain(TOKEN).contains("REDACTED");
    assertThat(RedactedException.typeOf(failed.error())).isEqualTo(IllegalStateException.class.getName());
  }

  /**
   * Item 5: fingerprints are HMAC-SHA256 under a key: guards with their own random keys disagree, guards given
   * the same key agree, and without the key a 4-digit PIN cannot be found by trying all 10,000. On the old main
   * the fingerprint was a plain SHA-256 any reader could recompute.
   */
  @Test
  void fingerprintsAreKeyedPerGuardOrPerDeployment() throws Exception {
    byte[] key = new byte[32];
    key[0] = 7;
    List<String> a = approvedFingerprints(AgentGuard.builder());
    List<String> b = approvedFingerprints(AgentGuard.builder());
    List<String> c = approvedFingerprints(AgentGuard.builder().fingerprintKey(key));
    List<String> d = approvedFingerprints(AgentGuard.builder().fingerprintKey(key.clone()));
    assertThat(a).isNotEqualTo(b);
    assertThat(c).isEqualTo(d);
    ToolCall call = ToolCall.of("unlock", "{\"pin\":\"4821\"}");
    String unkeyed = com.google.common.hash.Hashing.sha256().hashString(
        "{\"tool\":\"unlock\",\"arguments\":{\"pin\":\"4821\"},\"resources\":[]}",
        java.nio.charset.StandardCharsets.UTF_8).toString();
    assertThat(a.get(0)).isNotEqualTo(unkeyed);
    assertThat(Fingerprints.withKey(key).fingerprint(call, List.of())).isEqualTo(c.get(0));
    assertThatThrownBy(() -> AgentGuard.builder().fingerprintKey(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> approvedFingerprints(AgentGuard.Builder builder) throws Exception {
    Recorder events = new Recorder();
    try (AgentGuard guard = builder
        .policy(Policy.builder().rule(ToolRule.of("pin", "unlock", Verdict.ASK, "needs a person")).build())
        .approver(Approvers.alwaysApprove("alice")).listener(events).build()) {
      guard.wrap(call -> ToolResult.of("ok")).execute(ToolCall.of("unlock", "{\"pin\":\"4821\"}"));
    }
    return events.of(GuardEvent.ApprovalRequested.class).stream().map(r -> r.request().fingerprint()).toList();
  }

  /**
   * Item 6: numbers keep their spelling: a SESSION approval for {@code 1} does not run {@code 1e0}, nor
   * {@code 1.0} run {@code 10e-1}; the tool gets exactly what was approved. On the old main the pairs shared a
   * fingerprint, so the session approval for one ran the other.
   */
  @Test
  void aSessionApprovalForOneSpellingOfANumberDoesNotRunAnother() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder().rule(ToolRule.of("pay", "pay", Verdict.ASK, "payments need a person")).build())
        .approver(request -> {
          asked.incrementAndGet();
          return CompletableFuture.completedFuture(ApprovalResponse.approvedForSession("alice"));
        }).build()) {
      ToolExecutor guarded = guard.wrap(call -> ToolResult.of("ok"));
      dev.agentguard.api.CallContext conv = dev.agentguard.api.CallContext.builder().conversationId("c").build();
      for (String amount : new String[] {"1", "1e0", "1.0", "10e-1", "1", "1.0"}) {
        guarded.execute(ToolCall.of("pay", "{\"amount\":" + amount + "}", conv));
      }
      assertThat(asked).as("four spellings asked once each; repeats reuse the session approval").hasValue(4);
    }
  }
}
