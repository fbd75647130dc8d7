package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that loads a policy loads and reports it the same way: one preamble, one error format. */
class PolicyPreambleTest {

  @TempDir Path dir;

  private record Outcome(int code, String err) {}

  private static Outcome run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, err.toString(StandardCharsets.UTF_8));
  }

  /** Each command with {@code --policy P}, and whatever else it needs to get as far as loading it. */
  private List<List<String>> commands(Path policy) throws Exception {
    Path log = Files.writeString(dir.resolve("audit.jsonl"), "");
    String p = policy.toString();
    List<List<String>> all = new ArrayList<>();
    all.add(List.of("check", "--policy", p, "--tool", "read_file"));
    all.add(List.of("explain", "--policy", p, "--tool", "read_file"));
    all.add(List.of("replay", "--policy", p, log.toString()));
    all.add(List.of("run", "--policy", p, "--", "true"));
    all.add(List.of("mcp-proxy", "--policy", p, "--", "true"));
    return all;
  }

  @Test
  void aMissingPolicyIsTheSameUsageErrorForEveryCommand() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    for (List<String> args : commands(missing)) {
      Outcome o = run(args);
      assertThat(o.code()).as(args.toString()).isEqualTo(Main.USAGE);
      assertThat(o.err()).as(args.toString())
          .startsWith("agent-guard " + args.get(0) + ": policy file not found: " + missing);
    }
  }

  @Test
  void anInvalidPolicyListsItsErrorsThenTheSameSummaryForEveryCommand() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 1\nmode: sometimes\n");
    for (List<String> args : commands(bad)) {
      Outcome o = run(args);
      assertThat(o.code()).as(args.toString()).isEqualTo(Main.USAGE);
      assertThat(o.err()).as(args.toString()).contains("bad.yaml:2:")
          .contains("agent-guard " + args.get(0) + ": the policy " + bad + " is invalid (1 error)");
    }
  }
}
