package dev.agentguard.examples.readme;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** The README's quick start: a policy, a guard and a guarded tool. */
public class QuickStartExample {

  public static void main(String[] args) throws Exception {
    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)          // tools may read and write the workspace
        .denyPath("**/.env")                                   // ... but never a .env file
        .allowHost("api.github.com")                           // https://api.github.com only
        .commandRule(Verdict.ALLOW, "git", "status")           // shell: git status runs,
        .commandRule(Verdict.DENY, "rm", "-rf")                // rm -rf never does, everything else asks
        .tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("fetch", ResourceSpec.url("/url")))
        .tool(ToolDescriptor.of("shell", ResourceSpec.command("/command")))
        .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .build();

    try (AgentGuard guard = AgentGuard.builder()             // immutable, thread-safe: share it
        .policy(policy)
        .workspace(Path.of("").toAbsolutePath())              // what ${workspace} means
        .approver(request -> CompletableFuture.completedFuture(
            ApprovalResponse.approved("on-call engineer")))    // ask a human here; silence is a denial
        .build()) {
      ToolExecutor myTools = call -> ToolResult.of("ran " + call.toolName());   // your real tools
      ToolExecutor guarded = guard.wrap(myTools);

      System.out.println(guarded.execute(ToolCall.of("read_file", "{\"path\":\"notes.md\"}")).content());
      System.out.println(guarded.execute(ToolCall.of("deploy_web", "{\"version\":\"1.4.2\"}")).content());
      try {
        guarded.execute(ToolCall.of("shell", "{\"command\":\"git status && rm -rf ~\"}"));
      } catch (ToolCallDeniedException e) {
        System.out.println(e.getMessage());                    // the rule and a reason the model can read
      }
    }
  }
}
