package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A descriptor's {@code /urls/*} must not let a single URL (not in an array) through unchecked. */
class RedTeamWildcardArgumentTest {

  @TempDir Path workspace;

  private Evaluation evaluate(String args) {
    Policy policy = Policy.builder().unknownTool(Verdict.ALLOW)
        .tool(ToolDescriptor.of("multi", ResourceSpec.url("/urls/*"), ResourceSpec.fileRead("/files/*/path")))
        .build();
    return AgentGuard.builder().policy(policy).workspace(workspace).build()
        .evaluate(ToolCall.of("multi", args));
  }

  @Test
  void aSingleValueWhereAnArrayIsExpectedIsDenied() {
    for (String args : new String[] {
        "{\"urls\":\"http://169.254.169.254/\"}",
        "{\"urls\":{\"a\":\"http://169.254.169.254/\"}}",
        "{\"urls\":[],\"files\":{\"path\":\"/etc/passwd\"}}",
        "{\"urls\":[],\"files\":\"/etc/passwd\"}"}) {
      Evaluation e = evaluate(args);
      assertThat(e.decision().verdict()).as(args).isEqualTo(Verdict.DENY);
      assertThat(e.decision().rule()).as(args).isEqualTo("input.invalid-argument");
    }
  }

  @Test
  void anEmptyNullOrAbsentArrayHasNothingToCheck() {
    for (String args : new String[] {"{}", "{\"urls\":[]}", "{\"urls\":null}", "{\"urls\":[],\"files\":[]}"}) {
      assertThat(evaluate(args).decision().verdict()).as(args).isNotEqualTo(Verdict.DENY);
    }
  }
}
