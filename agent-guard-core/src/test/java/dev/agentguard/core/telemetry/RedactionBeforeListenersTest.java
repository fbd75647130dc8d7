package dev.agentguard.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners see arguments, rationale, alternatives, reasons and resources only after redaction. */
class RedactionBeforeListenersTest {

  /** Made up, real-shaped. */
  private static final String TOKEN = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";

  @TempDir Path workspace;

  @Test
  void noListenerEverSeesASecret() throws Exception {
    List<GuardEvent> seen = new CopyOnWriteArrayList<>();
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .allowHost("api.github.com")
        .commandDefault(Verdict.ASK)
        .tool(ToolDescriptor.of("fetch", ToolDescriptor.ResourceSpec.url("/url")))
        .tool(ToolDescriptor.of("shell", ToolDescriptor.ResourceSpec.command("/command")))
        .tool(ToolDescriptor.of("deploy"))
        .rule(dev.agentguard.core.policy.ToolRule.of("deploys", "deploy", Verdict.ASK, "deploys need sign-off"))
        .build();
    AgentGuard guard = AgentGuard.builder().policy(policy).environment(GuardEnvironment.ofWorkspace(workspace))
        .approver(r -> CompletableFuture.completedFuture(new ApprovalResponse(ApprovalResponse.Status.APPROVED,
            "alice", "ok, use password=hunter2 this time", ApprovalResponse.Scope.ONCE)))
        .listener(seen::add).build();
    ToolExecutor tools = guard.wrap(call -> ToolResult.of("ok"));
    CallContext ctx = CallContext.builder().conversationId("c").rationale("I will use " + TOKEN)
        .alternative("or password=hunter2").build();
    try {
      tools.execute(new ToolCall("1", "fetch",
          "{\"url\":\"https://bob:hunter2@api.github.com/x?access_token=" + TOKEN + "\"}", ctx));
    } catch (Exception expected) {
      // denied for its userinfo: fine, the events are what matter
    }
    try {
      tools.execute(new ToolCall("2", "shell",
          "{\"command\":\"git push https://x-access-token:" + TOKEN + "@github.com/o/r.git\"}", ctx));
    } catch (Exception expected) {
      // whatever the command policy decides
    }
    tools.execute(new ToolCall("3", "deploy", "{\"env\":\"prod\",\"api_key\":\"hunter2\"}", ctx));
    assertThat(seen).isNotEmpty();
    for (GuardEvent e : seen) {
      String all = e.toString() + " " + e.call().argumentsJson() + " " + e.call().context().rationale()
          + e.call().context().alternatives();
      if (e instanceof GuardEvent.CallDecided) {
        all += ((GuardEvent.CallDecided) e).evaluation().toString();
      }
      if (e instanceof GuardEvent.ApprovalResolved) {
        all += ((GuardEvent.ApprovalResolved) e).response().toString();
      }
      if (e instanceof GuardEvent.ApprovalRequested) {
        all += ((GuardEvent.ApprovalRequested) e).request().toString();
      }
      assertThat(all).as(e.getClass().getSimpleName()).doesNotContain(TOKEN).doesNotContain("hunter2");
    }
    assertThat(seen).anySatisfy(e -> assertThat(e).isInstanceOf(GuardEvent.ApprovalRequested.class));
  }
}
