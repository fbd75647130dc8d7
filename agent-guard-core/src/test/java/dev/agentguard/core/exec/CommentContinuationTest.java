package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import org.junit.jupiter.api.Test;

/**
 * A backslash-newline inside a comment does not continue the comment: dash and bash end the comment at that
 * newline and run the next line (checked against both shells). The line after it is judged as a command.
 */
class CommentContinuationTest {

  private static Decision check(String line) {
    return ShellParserFuzzTest.check(line);
  }

  @Test
  void aCommentEndsAtTheNewlineEvenAfterABackslash() {
    Decision d = check("echo a # x \\\n$(touch /tmp/pwned)");
    assertThat(d.verdict()).as(d.reason()).isNotEqualTo(Verdict.ALLOW);
  }

  @Test
  void aContinuedCommentedCommandIsStillJudgedWhole() {
    Decision d = check("echo a # x \\\nrm -rf /");
    assertThat(d.verdict()).as(d.reason()).isEqualTo(Verdict.DENY);
  }

  @Test
  void thePlainTwinStaysAllowed() {
    assertThat(check("echo a # x \\\necho b").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(check("echo a # x $(touch /tmp/pwned)").verdict()).isEqualTo(Verdict.ALLOW);
  }
}
