package dev.agentguard.cli;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The preamble every command that judges calls shares: {@code --policy}, {@code --workspace} and {@code --home},
 * loading the policy (its errors reported one a line) and the host environment built from them.
 */
class PolicyOptions {

  @Option(names = "--policy", required = true, paramLabel = "P", description = "The policy file (YAML or JSON).")
  Path policy;

  @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace (default: the current directory).")
  Path workspace;

  @Option(names = "--home", paramLabel = "DIR", description = "The home directory for ~ and $${home} (default: user.home).")
  Path home;

  /** Loads the policy file; reports a bad policy's errors to {@code err}, one a line. */
  Policy load(PrintWriter err) throws UsageException {
    if (!Files.isRegularFile(policy)) {
      throw new UsageException("policy file not found: " + policy);
    }
    try {
      return PolicyLoader.load(policy);
    } catch (PolicyException e) {
      e.errors().forEach(err::println);
      int n = e.errors().size();
      throw new UsageException("the policy " + policy + " is invalid (" + n + " error" + (n == 1 ? "" : "s") + ")");
    } catch (IOException e) {
      throw new UsageException("cannot read the policy " + policy + ": " + e.getMessage());
    }
  }

  /** The workspace (default: the current directory), home (default: user.home) and temp directory, absolute. */
  GuardEnvironment environment() {
    Path ws = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
    Path h = (home == null ? Path.of(System.getProperty("user.home")) : home).toAbsolutePath().normalize();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    return new GuardEnvironment(ws, h, tmp);
  }
}
