package dev.agentguard.cli;

import dev.agentguard.core.policy.PolicyError;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code agent-guard validate P}: prints {@code FILE:LINE:COL: message} per error (exit 2), or {@code ok}. */
@Command(
    name = "validate",
    description = "Check a policy file; prints FILE:LINE:COL: message per error, or ok.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the policy is valid", "2:the policy has errors, or bad usage"})
final class ValidateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "P", description = "The policy file (YAML or JSON).")
  private Path policy;

  @Override
  public Integer call() throws UsageException {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(policy)) {
      throw new UsageException("policy file not found: " + policy);
    }
    try {
      PolicyLoader.load(policy);
      out.println("ok");
      return Main.OK;
    } catch (PolicyException e) {
      for (PolicyError error : e.errors()) {
        out.println(error);
      }
      return Main.USAGE;
    } catch (IOException e) {
      throw new UsageException("cannot read " + policy + ": " + e.getMessage());
    } finally {
      out.flush();
    }
  }
}
