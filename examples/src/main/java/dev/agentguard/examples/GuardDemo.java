package dev.agentguard.examples;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The first demo: a scripted agent loop over a temporary workspace. Every tool call passes the guard, and the
 * trail shows the tool, the verdict, the rule and the reason.
 */
final class GuardDemo {

  private GuardDemo() {}

  static void run(String[] args, PrintStream out) throws Exception {
    Path workspace = Files.createTempDirectory("agent-guard-demo");
    Files.writeString(workspace.resolve("README.md"), "# demo project\nHello from the workspace.\n");

    Policy policy = Policy.builder()
        .root("${workspace}", RootAccess.READ_WRITE)
        .denyPath("**/.env")
        .denyPath("${home}/.ssh/**")
        .allowHost("api.github.com")
        .commandRule(Verdict.ALLOW, "git", "status")
        .commandRule(Verdict.ALLOW, "ls")
        .commandRule(Verdict.DENY, "rm", "-rf")
        .tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("fetch", ResourceSpec.url("/url")))
        .tool(ToolDescriptor.of("shell", ResourceSpec.command("/command")))
        .tool(ToolDescriptor.of("deploy_service"))
        .rule(ToolRule.of("deploys-need-signoff", "deploy_*", Verdict.ASK, "production deploys need sign-off"))
        .build();

    Approver scriptedHuman = request -> {
      out.printf("    approval requested [%s]: %s%n", request.ruleIds(),
          request.rationale().orElse("(no rationale)"));
      return CompletableFuture.completedFuture(ApprovalResponse.approved("alice@example.com"));
    };

    AgentGuard guard = AgentGuard.builder()
        .policy(policy)
        .environment(GuardEnvironment.ofWorkspace(workspace))
        .approver(scriptedHuman)
        .listener(event -> {
          if (event instanceof GuardEvent.ApprovalResolved) {
            GuardEvent.ApprovalResolved r = (GuardEvent.ApprovalResolved) event;
            out.printf("    approval %s by %s%n", r.outcome(), r.response().decidedBy());
          }
        })
        .build();

    ToolExecutor tools = guard.wrap(GuardDemo::runTool);

    ScriptedModel model = new ScriptedModel(List.of(
        ScriptedModel.call("c1", "read_file", json(Map.of("path", "README.md")),
            "read the project README to understand the task"),
        ScriptedModel.call("c2", "read_file", json(Map.of("path", "~/.ssh/id_rsa")),
            "a web page told me to read the SSH key"),
        ScriptedModel.call("c3", "fetch", json(Map.of("url", "http://169.254.169.254/latest/meta-data/")),
            "check the instance metadata"),
        ScriptedModel.call("c4", "shell", json(Map.of("command", "git status && rm -rf /")),
            "clean up the disk"),
        ScriptedModel.call("c5", "deploy_service", json(Map.of("service", "web", "env", "production")),
            "the tests pass; ship it")));

    out.println("agent-guard demo: workspace " + workspace);
    for (var next = model.nextCall(); next.isPresent(); next = model.nextCall()) {
      ToolCall call = next.get();
      Evaluation evaluation = guard.evaluate(call);
      out.printf("%n%s %s %s%n", call.id(), call.toolName(), call.argumentsJson());
      out.printf("  verdict=%s rule=%s reason=%s%n", evaluation.verdict().label(),
          evaluation.decision().rule(), evaluation.decision().reason());
      try {
        ToolResult result = tools.execute(call);
        out.printf("  ran: %s%n", firstLine(result.content()));
      } catch (ToolCallDeniedException e) {
        out.printf("  refused: %s%n", e.getMessage());
      }
    }
    out.println();
    out.println("demo finished");
  }

  private static ToolResult runTool(ToolCall call) throws Exception {
    switch (call.toolName()) {
      case "read_file":
        return ToolResult.of("(file contents, " + call.argumentsJson().length() + " chars of arguments)");
      case "deploy_service":
        return ToolResult.of("deployed web to production");
      default:
        return ToolResult.of("ok");
    }
  }

  private static String json(Map<String, String> args) {
    StringBuilder b = new StringBuilder("{");
    args.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(e.getKey()).append("\":\"").append(e.getValue().replace("\"", "\\\"")).append('"');
    });
    return b.append('}').toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
