package dev.agentguard.cli;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.policy.Policy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of the commands that build a guard from the command line ({@code check}, {@code explain},
 * {@code replay}): the policy and environment of {@link PolicyOptions}, and fixed DNS answers.
 */
final class GuardOptions extends PolicyOptions {

  @Option(names = "--resolve", paramLabel = "HOST=IP[,IP...]",
      description = "A DNS answer (repeatable). Names without one are judged by name alone.")
  List<String> resolve = new ArrayList<>();

  /** Loads the policy and builds the guard; reports a bad policy to {@code err}. */
  AgentGuard guard(PrintWriter err) throws UsageException {
    Policy p = load(err);
    HostResolver resolver;
    try {
      resolver = HostResolver.fixed(answers());
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad --resolve: " + e.getMessage());
    }
    return AgentGuard.builder()
        .policy(p)
        .environment(environment())
        .hostResolver(resolver)
        .build();
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
