package dev.agentguard.cli;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code check} and {@code explain}: the policy and the host environment. */
final class GuardOptions {

  @Option(names = "--policy", required = true, paramLabel = "P", description = "The policy file (YAML or JSON).")
  Path policy;

  @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--home", paramLabel = "DIR", description = "The home directory for ~ and $${home} (default: user.home).")
  Path home;

  @Option(names = "--resolve", paramLabel = "HOST=IP[,IP...]",
      description = "A DNS answer (repeatable). Names without one are judged by name alone.")
  List<String> resolve = new ArrayList<>();

  /** Thrown for bad usage or a bad policy; the message is printed and the exit code is 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Loads the policy and builds the guard; reports a bad policy to {@code err}. */
  AgentGuard guard(PrintWriter err) throws UsageException {
    Policy p = loadPolicy(policy, err);
    Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
    Path h = (home == null ? Path.of(System.getProperty("user.home")) : home).toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    HostResolver resolver;
    try {
      resolver = HostResolver.fixed(answers());
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --resolve: " + e.getMessage());
    }
    return AgentGuard.builder()
        .policy(p)
        .environment(new GuardEnvironment(ws, h, tmp))
        .hostResolver(resolver)
        .build();
  }

  /** Loads the policy file; reports a bad policy's errors to {@code err}. */
  static Policy loadPolicy(Path policy, PrintWriter err) throws UsageException {
    Policy p;
    try {
      if (!Files.isRegularFile(policy)) {
        throw new UsageException("policy file not found: " + policy);
      }
      p = PolicyLoader.load(policy);
    } catch (PolicyException e) {
      for (var error : e.errors()) {
        err.println(error);
      }
      throw new UsageException("the policy " + policy + " is invalid (" + e.errors().size() + " error"
          + (e.errors().size() == 1 ? "" : "s") + ")");
    } catch (IOException e) {
      throw new UsageException("cannot read the policy " + policy + ": " + e.getMessage());
    }
    return p;
  }

  private Map<String, List<String>> answers() throws UsageException {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    for (String r : resolve) {
      int eq = r.indexOf('=');
      if (eq <= 0 || eq == r.length() - 1) {
        throw new UsageException("bad --resolve '" + r + "': expected HOST=IP[,IP...]");
      }
      String host = r.substring(0, eq).trim();
      List<String> ips = answers.computeIfAbsent(host, k -> new ArrayList<>());
      for (String ip : r.substring(eq + 1).split(",")) {
        if (ip.isBlank()) {
          throw new UsageException("bad --resolve '" + r + "': empty address");
        }
        ips.add(ip.trim());
      }
    }
    return answers;
  }
}
