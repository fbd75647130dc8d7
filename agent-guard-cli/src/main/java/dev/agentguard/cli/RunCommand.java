package dev.agentguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.sandbox.EgressProxy;
import dev.agentguard.sandbox.GuardedProcess;
import dev.agentguard.sandbox.ProcessResult;
import dev.agentguard.sandbox.os.OsSandbox;
import dev.agentguard.sandbox.os.SandboxCheck;
import dev.agentguard.sandbox.os.SandboxSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard run}: judges one command as a {@code shell} call and runs it in the OS sandbox built from the
 * same policy, in the current directory, with this process's stdin, stdout and stderr.
 */
@Command(
    name = "run",
    description = "Judge a command as a shell call under a policy, then run it confined by the OS sandbox.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"N:the command's own exit code", "126:the guard refused the command (reason on stderr)",
        "2:bad policy or usage"})
final class RunCommand implements Callable<Integer> {

  /** Exit code: the guard refused. */
  static final int REFUSED = 126;
  private static final String TOOL = "shell";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Mixin private PolicyOptions options;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  private List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException, UsageException {
    PrintWriter err = spec.commandLine().getErr();
    Policy policy = options.load(err);
    GuardEnvironment env = options.environment();
    Path ws = env.workspace();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    boolean network = !policy.network().allow().isEmpty();
    OsSandbox os = OsSandbox.detect();
    Policy judged = withShellDescriptor(policy);
    try (AgentGuard guard = AgentGuard.builder().policy(judged).environment(env).hostResolver(HostResolver.system())
        .check(new SandboxCheck(policy.sandbox().mode(), os, network)).listener(CliTelemetry.listener()).build();
        EgressProxy proxy = network ? EgressProxy.start(guard.networkCheck()) : null) {
      GuardedProcess.Builder runner = GuardedProcess.builder(ws).timeout(Duration.ofDays(365)).inheritIo(true)
          .sandbox(SandboxSpec.of(policy, env).withNeverWritable(options.policy.toAbsolutePath()), os);
      if (proxy != null) {
        runner.egress(proxy);
      }
      GuardedProcess process = runner.build();
      int[] exit = {REFUSED};
      ToolCall call = ToolCall.of(TOOL, arguments(judged), CallContext.builder().workingDirectory(cwd).build());
      guard.wrap(c -> {
        ProcessResult r = process.run(command, cwd);
        exit[0] = r.exitCode();
        return ToolResult.of("exit " + r.exitCode());
      }).execute(call);
      return exit[0];
    } catch (ToolCallDeniedException e) {
      Decision d = e.decision();
      err.println("agent-guard run: refused by " + d.check() + " rule '" + d.rule() + "': " + d.reason());
      return REFUSED;
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      err.println("agent-guard run: " + e.getMessage());
      return REFUSED;
    }
  }

  /** The policy, with {@code shell} described as a command at {@code /command} unless it describes it itself. */
  private static Policy withShellDescriptor(Policy policy) {
    if (commandKey(policy) != null) {
      return policy;
    }
    return policy.toBuilder().tool(ToolDescriptor.of(TOOL, ToolDescriptor.ResourceSpec.command("/command")))
        .build();
  }

  /** The top-level argument the policy's {@code shell} descriptor reads the command from, or null. */
  private static String commandKey(Policy policy) {
    ToolDescriptor d = policy.tools().get(TOOL);
    if (d == null) {
      return null;
    }
    for (ToolDescriptor.ResourceSpec r : d.resources()) {
      String p = r.pointer();
      if (r.kind() == ResourceKind.COMMAND && p.startsWith("/") && p.indexOf('/', 1) < 0 && p.length() > 1
          && !p.contains("~")) {
        return p.substring(1);
      }
    }
    return null;
  }

  private String arguments(Policy judged) {
    ObjectNode args = JSON.createObjectNode();
    ArrayNode argv = args.putArray(commandKey(judged));
    command.forEach(argv::add);
    return args.toString();
  }
}
