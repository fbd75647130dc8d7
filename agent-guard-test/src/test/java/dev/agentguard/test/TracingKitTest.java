package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 6 (telemetry) through the kit: every call is traced, and every denied call is traced as denied. */
class TracingKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .host("api.github.com", "140.82.112.5")
      .workspaceFile("README.md", "# project");

  private static final List<ToolCall> SESSION = List.of(
      ToolCalls.readFile("README.md").id("c1").build(),
      ToolCalls.readFile(".env").id("c2").build(),
      ToolCalls.fetch("https://api.github.com/repos").id("c3").build(),
      ToolCalls.fetch("http://169.254.169.254/latest/meta-data/").id("c4").build(),
      ToolCalls.call("sql").arg("query", "DROP TABLE users").id("c5").build(),
      ToolCalls.shell("rm -rf /").id("c6").build(),
      ToolCalls.call("deploy_prod").id("c7").build(),
      ToolCalls.shell("git status").id("c8").build());

  @Test
  void everyDeniedCallIsTraced(AgentGuard guard, RecordingListener events, ScriptedApprover approver) {
    approver.denyNext(1, "not now");
    Set<String> ran = new CopyOnWriteArraySet<>();
    ToolExecutor guarded = guard.wrap(call -> {
      ran.add(call.id());
      return ToolResult.of("ok");
    });
    int refused = 0;
    for (ToolCall call : SESSION) {
      try {
        guarded.execute(call);
      } catch (ToolCallDeniedException e) {
        refused++;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    assertThat(ran).containsExactlyInAnyOrder("c1", "c3", "c8");
    assertThat(events.denials()).hasSize(refused);
    assertThat(events.denials()).extracting(d -> d.call().id())
        .containsExactlyInAnyOrder("c2", "c4", "c5", "c6", "c7");
    Set<String> deniedByChecks = events.evaluations(Verdict.DENY).stream()
        .map(e -> e.call().id()).collect(Collectors.toSet());
    assertThat(deniedByChecks).containsExactlyInAnyOrder("c2", "c4", "c5", "c6");
    for (GuardEvent.CallDenied denied : events.denials()) {
      assertThat(events.ofCall(denied.call().id()))
          .as("call %s: started, decided, denied", denied.call().id())
          .first().isInstanceOf(GuardEvent.CallStarted.class);
      assertThat(events.ofCall(denied.call().id(), GuardEvent.CallCompleted.class)).isEmpty();
    }
    assertThat(events.ofCall("c7")).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("CallStarted", "CallDecided", "ApprovalRequested", "ApprovalResolved", "CallDenied");
    assertThat(events.denials()).filteredOn(d -> d.call().id().equals("c5")).singleElement()
        .satisfies(d -> assertThat(d.decision()).byRule("no-db-drop"));
  }

  @Test
  void decisionEventsCarryEveryChecksVerdict(AgentGuard guard, RecordingListener events) {
    try {
      guard.wrap(call -> ToolResult.of("ok")).execute(ToolCalls.readFile(".env").build());
    } catch (Exception expected) {
      // refused
    }
    Evaluation evaluation = events.evaluations().get(0);
    assertThat(evaluation).isDenied().byRule("filesystem.deny-glob")
        .checkedBy("filesystem", Verdict.DENY)
        .checkedBy("tools", Verdict.ALLOW);
  }
}
