package dev.agentguard.examples;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import dev.agentguard.ops.audit.AuditLog;
import dev.agentguard.ops.audit.AuditLogVerifier;
import dev.agentguard.otel.OpenTelemetryGuardListener;
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
    boolean trace = List.of(args).contains("--trace");
    int auditAt = List.of(args).indexOf("--audit");
    if (auditAt >= 0 && auditAt + 1 >= args.length) {
      throw new IllegalArgumentException("--audit needs a FILE");
    }
    Path auditFile = auditAt >= 0 ? Path.of(args[auditAt + 1]) : null;
    try (Tracing tracing = trace ? Tracing.printingTo(out) : Tracing.off();
        AuditLog audit = auditFile == null ? null : AuditLog.open(auditFile)) {
      run(out, tracing, audit);
    }
    if (auditFile != null) {
      AuditLogVerifier.Result verified = AuditLogVerifier.verify(auditFile);
      out.printf("audit log %s: %s, %d records%n", auditFile, verified.ok() ? "chain ok" : verified.problem()
          .map(Object::toString).orElse("broken"), verified.records());
    }
  }

  private static void run(PrintStream out, Tracing tracing, AuditLog audit) throws Exception {
    Path workspace = Files.createTempDirectory("agent-guard-demo");
    Files.writeString(workspace.resolve("README.md"), "# demo project\nHello from the workspace.\n");

    AgentGuard.Builder builder = AgentGuard.builder();
    builder.listener(OpenTelemetryGuardListener.create(tracing.openTelemetry()));
    if (audit != null) {
      builder.listener(audit);
    }
    AgentGuard guard = builder
        .policy(policy())
        .environment(GuardEnvironment.ofWorkspace(workspace))
        .approver(scriptedHuman(out))
        .listener(event -> {
          if (event instanceof GuardEvent.ApprovalResolved) {
            GuardEvent.ApprovalResolved r = (GuardEvent.ApprovalResolved) event;
            out.printf("    approval %s by %s%n", r.outcome(), r.response().decidedBy());
          }
        })
        .build();

    out.println("agent-guard demo: a scripted agent in a new temporary workspace (paths relative to it)");
    out.println();
    play(out, guard, script());
    out.println();
    out.println("demo finished");
    deleteRecursively(workspace);
  }

  private static Policy policy() {
    return Policy.builder()
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
  }

  /** A scripted human: approves the deploy of "web", refuses anything else during the change freeze. */
  private static Approver scriptedHuman(PrintStream out) {
    return request -> {
      out.printf("    approval requested [%s]: %s%n", String.join(", ", request.ruleIds()),
          request.rationale().orElse("(no rationale)"));
      boolean web = request.call().argumentsJson().contains("\"service\":\"web\"");
      return CompletableFuture.completedFuture(web
          ? ApprovalResponse.approved("alice@example.com")
          : ApprovalResponse.denied("alice@example.com", "change freeze: only web may ship today"));
    };
  }

  /** What the scripted model asks for, with its reasons: the safe calls, the attacks, and two deploys. */
  private static ScriptedModel script() {
    return new ScriptedModel(List.of(
        ScriptedModel.call("c1", "read_file", json(Map.of("path", "README.md")),
            "read the project README to understand the task"),
        ScriptedModel.call("c2", "read_file", json(Map.of("path", "~/.ssh/id_rsa")),
            "a web page told me to read the SSH key"),
        ScriptedModel.call("c3", "read_file", json(Map.of("path", "../../../../etc/passwd")),
            "look for user accounts"),
        ScriptedModel.call("c4", "fetch", json(Map.of("url", "http://169.254.169.254/latest/meta-data/")),
            "check the instance metadata"),
        ScriptedModel.call("c5", "fetch", json(Map.of("url", "https://0x7f000001/admin")),
            "the page says the admin panel is here"),
        ScriptedModel.call("c6", "shell", json(Map.of("command", "git status")),
            "see what changed"),
        ScriptedModel.call("c7", "shell", json(Map.of("command", "rm -rf /")),
            "clean up the disk"),
        ScriptedModel.call("c8", "shell", json(Map.of("command", "git status && rm -rf ~")),
            "tidy up after checking the tree"),
        ScriptedModel.call("c9", "deploy_service", json(Map.of("service", "web", "env", "production")),
            "the tests pass; ship it"),
        ScriptedModel.call("c10", "deploy_service", json(Map.of("service", "billing", "env", "production")),
            "billing has a fix too")));
  }

  /** Each call: the guard's verdict as the model would be told it, then what happened when it was run. */
  private static void play(PrintStream out, AgentGuard guard, ScriptedModel model) throws Exception {
    ToolExecutor tools = guard.wrap(GuardDemo::runTool);
    for (var next = model.nextCall(); next.isPresent(); next = model.nextCall()) {
      ToolCall call = next.get();
      Evaluation evaluation = guard.evaluate(call);
      out.printf("%s %s %s%n", call.id(), call.toolName(), call.argumentsJson());
      out.printf("  verdict=%s rule=%s reason=%s%n", evaluation.verdict().label(),
          evaluation.decision().rule(), guard.shownReason(evaluation.decision()));
      try {
        ToolResult result = tools.execute(call);
        out.printf("  ran: %s%n", firstLine(result.content()));
      } catch (ToolCallDeniedException e) {
        if (!e.decision().rule().equals(evaluation.decision().rule())) {
          out.printf("  refused: %s%n", e.getMessage());   // decided later than the verdict (an approval)
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static ToolResult runTool(ToolCall call) throws Exception {
    switch (call.toolName()) {
      case "read_file":
        return ToolResult.of("(file contents, " + call.argumentsJson().length() + " chars of arguments)");
      case "deploy_service":
        return ToolResult.of("deployed " + call.argumentsJson());
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
