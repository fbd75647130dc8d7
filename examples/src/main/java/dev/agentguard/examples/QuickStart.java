package dev.agentguard.examples;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
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
import java.util.concurrent.CompletionStage;

/** The README's quick start, compiled and run by the build so that it cannot drift from the API. */
public final class QuickStart {

  private QuickStart() {}

  /** Builds the quick start's guard over {@code workspace}, with {@code approver} standing in for a human. */
  public static AgentGuard guard(Path workspace, java.util.function.Function<ApprovalRequest,
      CompletionStage<ApprovalResponse>> approver) {
    // --- README quick start, from here ---
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

    AgentGuard guard = AgentGuard.builder()
        .policy(policy)
        .workspace(workspace)
        .approver(approver::apply)                             // CompletionStage<ApprovalResponse>
        .build();                                              // immutable, thread-safe: share it
    // --- to here ---
    return guard;
  }

  /** Runs four calls through the quick start's guard and prints what happened to each. */
  public static void main(String[] args) throws Exception {
    Path workspace = java.nio.file.Files.createTempDirectory("agent-guard-quickstart");
    workspace.toFile().deleteOnExit();
    AgentGuard guard = guard(workspace,
        request -> CompletableFuture.completedFuture(ApprovalResponse.approved("on-call engineer")));
    ToolExecutor myToolExecutor = call -> ToolResult.of("ran " + call.toolName());

    ToolExecutor guarded = guard.wrap(myToolExecutor);         // refusals throw ToolCallDeniedException
    for (ToolCall call : new ToolCall[] {
        ToolCall.of("read_file", "{\"path\":\"notes.md\"}"),
        ToolCall.of("read_file", "{\"path\":\"config/.env\"}"),
        ToolCall.of("shell", "{\"command\":\"git status && rm -rf ~\"}"),
        ToolCall.of("deploy_prod", "{\"version\":\"1.4.2\"}")}) {
      Evaluation why = guard.evaluate(call);                   // every check's verdict, runs nothing
      System.out.printf("%-12s %-5s %-28s %s%n", call.toolName(), why.verdict(), why.decision().rule(),
          why.decision().reason());
    }
    System.out.println(guarded.execute(ToolCall.of("deploy_prod", "{\"version\":\"1.4.2\"}")).content());
  }
}
