package dev.agentguard.ops.audit;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.Resource;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds guard events for audit tests. */
final class AuditEvents {

  private AuditEvents() {}

  static ToolCall call(String id) {
    return new ToolCall(id, "read_file", "{\"path\":\"README-" + id + ".md\"}", CallContext.builder()
        .agentName("agent").conversationId("conv-1").rationale("because " + id).alternative("do nothing").build());
  }

  /** The {@code i}-th event of a varied stream. */
  static GuardEvent event(int i) {
    ToolCall call = call("c" + i);
    Instant t = Instant.parse("2026-01-01T00:00:00Z").plusMillis(i);
    Decision allow = Decision.allow("filesystem", "filesystem.roots", "inside the workspace");
    switch (i % 7) {
      case 0:
        return new GuardEvent.CallStarted(call, t);
      case 1:
        return new GuardEvent.CallDecided(call, t, Evaluation.of(call,
            List.of(new Resource.FileAccess("README.md", dev.agentguard.api.Access.READ)), List.of(allow), true));
      case 2:
        return new GuardEvent.ApprovalRequested(call, t, request(call, t));
      case 3:
        return new GuardEvent.ApprovalResolved(call, t, request(call, t),
            ApprovalResponse.approvedForSession("alice"), Duration.ofMillis(1500), "approved");
      case 4:
        return new GuardEvent.CallCompleted(call, t, ToolResult.of("contents ünïcødé \n\"quoted\""),
            Duration.ofMillis(3));
      case 5:
        return new GuardEvent.CallFailed(call, t, new java.io.IOException("disk"), Duration.ofMillis(4));
      default:
        return new GuardEvent.CallDenied(call, t,
            Decision.deny("network", "network.private", "169.254.169.254 is a metadata address"),
            Duration.ofMillis(1));
    }
  }

  static ApprovalRequest request(ToolCall call, Instant t) {
    return new ApprovalRequest("r-" + call.id(), call, List.of(),
        List.of(Decision.ask("tools", "deploys-need-signoff", "production deploys need sign-off")),
        "ab".repeat(32), t, t.plusSeconds(300));
  }
}
