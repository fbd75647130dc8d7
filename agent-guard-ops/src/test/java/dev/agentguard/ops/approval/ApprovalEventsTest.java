package dev.agentguard.ops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Mode;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyLoader;
import dev.agentguard.core.policy.ToolRule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Approval events as a guard's listeners see them, and the gate's place in the chain. */
class ApprovalEventsTest {

  private final List<GuardEvent> events = new CopyOnWriteArrayList<>();

  private AgentGuard guard(Policy policy, dev.agentguard.api.Approver approver) {
    return AgentGuard.builder().policy(policy).approver(approver).listener(events::add).build();
  }

  private static Policy asking() {
    return Policy.builder()
        .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .rule(ToolRule.of("prod-db-needs-dba", "deploy_db", Verdict.ASK, "schema changes need a DBA"))
        .rule(ToolRule.of("never-drop", "drop_*", Verdict.DENY, "never"))
        .build();
  }

  private static ToolCall call(String tool, String args, String conversation) {
    return ToolCall.of(tool, args, CallContext.builder().conversationId(conversation)
        .rationale("token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 is needed").build());
  }

  private <T extends GuardEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void requestedAndResolvedCarryWaitApproverAndScopeInChainOrder() throws Exception {
    ApprovalInbox inbox = ApprovalInbox.create();
    BlockingQueue<ApprovalRequest> arrivals = new LinkedBlockingQueue<>();
    inbox.addListener(arrivals::add);
    ToolExecutor tools = guard(asking(), inbox).wrap(c -> ToolResult.of("ok"));

    CompletableFuture<ToolResult> first = CompletableFuture.supplyAsync(() -> execute(tools,
        call("deploy_db", "{\"service\":\"db\",\"password\":\"s3cr3t-pass\"}", "conv-1")));
    ApprovalRequest asked = arrivals.poll(30, TimeUnit.SECONDS);
    assertThat(asked.ruleIds()).containsExactly("deploys-need-signoff", "prod-db-needs-dba");
    assertThat(inbox.approveForSession(asked.requestId(), "carol").isAccepted()).isTrue();
    assertThat(first.get(30, TimeUnit.SECONDS).content()).isEqualTo("ok");

    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "CallStarted", "CallDecided", "ApprovalRequested", "ApprovalResolved", "CallCompleted");
    GuardEvent.ApprovalRequested requested = of(GuardEvent.ApprovalRequested.class).get(0);
    assertThat(requested.request().requestId()).isEqualTo(asked.requestId());
    assertThat(requested.request().fingerprint()).isEqualTo(asked.fingerprint());
    assertThat(requested.call().argumentsJson()).doesNotContain("s3cr3t-pass");
    assertThat(requested.request().rationale().orElseThrow()).doesNotContain("ghp_abcdefghijklmnop");
    GuardEvent.ApprovalResolved resolved = of(GuardEvent.ApprovalResolved.class).get(0);
    assertThat(resolved.outcome()).isEqualTo("approved");
    assertThat(resolved.response().decidedBy()).isEqualTo("carol");
    assertThat(resolved.response().scope()).isEqualTo(ApprovalResponse.Scope.SESSION);
    assertThat(resolved.waited()).isPositive();

    events.clear();
    execute(tools, call("deploy_db", "{\"password\":\"s3cr3t-pass\",\"service\":\"db\"}", "conv-1"));
    assertThat(of(GuardEvent.ApprovalRequested.class)).as("reused, nobody asked").isEmpty();
    GuardEvent.ApprovalResolved reused = of(GuardEvent.ApprovalResolved.class).get(0);
    assertThat(reused.outcome()).isEqualTo("session");
    assertThat(reused.response().decidedBy()).isEqualTo("carol");
    assertThat(arrivals).isEmpty();
  }

  @Test
  void aTimeoutFromThePolicyFileIsADenialEventAndACallDeniedEvent() throws Exception {
    Policy policy = PolicyLoader.parse(String.join("\n",
        "version: 1",
        "rules:",
        "  - { id: deploys-need-signoff, tool: \"deploy_*\", decision: ask, reason: \"needs sign-off\" }",
        "approvals:",
        "  timeout: 40ms",
        ""), "policy.yaml", PolicyLoader.Format.YAML);
    assertThat(policy.approvals().timeout()).isEqualTo(Duration.ofMillis(40));
    CompletableFuture<ApprovalResponse> never = new CompletableFuture<>();
    ToolExecutor tools = guard(policy, r -> never).wrap(c -> ToolResult.of("ok"));

    assertThatThrownBy(() -> tools.execute(ToolCall.of("deploy_web", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).isEqualTo("approval failed closed: no answer within PT0.04S"));

    GuardEvent.ApprovalResolved resolved = of(GuardEvent.ApprovalResolved.class).get(0);
    assertThat(resolved.outcome()).isEqualTo("timeout");
    assertThat(resolved.response().decidedBy()).isEqualTo("agent-guard");
    assertThat(resolved.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(resolved.request().expiresAt()).isEqualTo(resolved.request().createdAt().plusMillis(40));
    assertThat(of(GuardEvent.CallDenied.class).get(0).decision().rule()).isEqualTo("approval.timeout");
    assertThat(never).isCancelled();
  }

  @Test
  void theDefaultTimeoutIsFiveMinutes() {
    assertThat(Policy.builder().build().approvals().timeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aDenyIsNeverWeakenedToAnAsk() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Policy policy = Policy.builder()
        .rule(ToolRule.of("ask-all", "*", Verdict.ASK, "everything needs sign-off"))
        .rule(ToolRule.of("never-drop", "drop_*", Verdict.DENY, "never"))
        .build();
    ToolExecutor tools = guard(policy, r -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
    }).wrap(c -> ToolResult.of("ok"));

    assertThatThrownBy(() -> tools.execute(ToolCall.of("drop_table", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("never-drop"));
    assertThat(asked).hasValue(0);
    assertThat(of(GuardEvent.ApprovalRequested.class)).isEmpty();
    assertThat(tools.execute(ToolCall.of("anything", "{}")).content()).isEqualTo("ok");
    assertThat(asked).hasValue(1);
  }

  @Test
  void auditModeNeverAsks() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Policy policy = asking().toBuilder().mode(Mode.AUDIT).build();
    ToolExecutor tools = guard(policy, r -> {
      asked.incrementAndGet();
      return CompletableFuture.completedFuture(ApprovalResponse.denied("bob", "no"));
    }).wrap(c -> ToolResult.of("ok"));
    assertThat(tools.execute(ToolCall.of("deploy_web", "{}")).content()).isEqualTo("ok");
    assertThat(asked).hasValue(0);
  }

  @Test
  void withNoApproverConfiguredAskMeansDeny() {
    ToolExecutor tools = AgentGuard.builder().policy(asking()).build().wrap(c -> ToolResult.of("ok"));
    assertThatThrownBy(() -> tools.execute(ToolCall.of("deploy_web", "{}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().reason()).startsWith("refused by agent-guard: no approver is configured; "
                + "approval was needed because "));
  }

  private static ToolResult execute(ToolExecutor tools, ToolCall call) {
    try {
      return tools.execute(call);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
