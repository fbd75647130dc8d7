package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.file.Path;
import java.util.List;

/**
 * Coverage-guided fuzzing of the shell parser and the command check. The only exception the parser may throw is
 * its documented refusal ({@link ShellRejection}); the check never throws. An allowed line must, read again by an
 * independent oracle (the line continuations joined, then re-parsed), consist only of parts whose program is the
 * one allowed program, with no substitution or expansion left in the text the shell would run (comments, which
 * end at a newline even after a backslash, left out).
 */
class ShellParserFuzzTest {

  private static final CommandCheck CHECK = new CommandCheck(
      new CommandRules(List.of(CommandRule.of(List.of("echo"), Verdict.ALLOW),
          CommandRule.of(List.of("rm", "-rf"), Verdict.DENY)), Verdict.DENY),
      new FileSystemCheck(new FileSystemRules(
          List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
          List.of("**/.env"), Verdict.DENY, List.of()),
          new GuardEnvironment(Path.of("/nonexistent-ws"), Path.of("/nonexistent-home"), Path.of("/tmp"))),
      GuardLimits.DEFAULTS);

  /** Five seconds when fuzzed from an IDE; the Maven build sets the length (fuzz.seconds). */
  @FuzzTest(maxDuration = "5s")
  void fuzz(FuzzedDataProvider data) {
    target(data.consumeRemainingAsString());
  }

  /** The fuzz target's check of {@code line}: only {@code echo} is allowed. */
  static Decision check(String line) {
    return CHECK.check(Resource.CommandExec.line(line), null);
  }

  static void target(String line) {
    try {
      ShellParser.parse(line);
    } catch (ShellRejection expected) {
      assertThat(expected.rule()).startsWith("command.");
    }
    Decision d = check(line);
    if (d.verdict() != Verdict.ALLOW) {
      return;
    }
    String joined = ShellText.joinContinuations(line);
    List<SimpleCommand> parts = ShellParser.parse(joined);
    for (SimpleCommand sc : parts) {
      assertThat(sc.words()).as(line).isNotEmpty();
      assertThat(sc.words().get(0).isAssignment()).as("an assignment before an allowed program: " + line).isFalse();
      assertThat(sc.words().get(0).text()).as(line).isEqualTo("echo");
    }
    // read from the raw line: a backslash-newline is dropped outside quotes, but a comment still ends at it
    assertThat(Unquoted.of(line)).as("text the shell expands in an allowed line: " + line)
        .doesNotContain("$(", "`", "${", "<(", ">(");
  }

  /** The characters of {@code s} outside single and double quotes and not escaped (an independent reading). */
  static final class Unquoted {
    private Unquoted() {}

    static String of(String s) {
      StringBuilder out = new StringBuilder();
      char quote = 0;
      boolean wordStart = true;   // an unquoted # here starts a comment, which the shell skips to the newline
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (quote == '\'') {
          quote = c == '\'' ? 0 : quote;
        } else if (c == '\\') {
          i++;
          wordStart = false;
        } else if (quote == '"') {
          if (c == '"') {
            quote = 0;
          } else if (c == '$' || c == '`') {
            out.append(c).append(i + 1 < s.length() ? s.charAt(i + 1) : ' ');
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          wordStart = false;
        } else if (c == '#' && wordStart) {
          int newline = s.indexOf('\n', i);
          i = newline < 0 ? s.length() : newline - 1;
        } else {
          out.append(c);
          wordStart = " \t\n;&|()<>".indexOf(c) >= 0;
        }
      }
      return out.toString();
    }
  }
}
