package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.fixtures.CommandFixtures;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adversarial cases found by the red-team corpus: allowed programs reading files the deny globs refuse. */
class RedTeamCommandTest {

  @TempDir Path tmp;
  CommandCheck check;

  @BeforeEach
  void setUp() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "k");
    Files.writeString(ws.resolve(".env"), "SECRET=1");
    Files.createSymbolicLink(ws.resolve("innocent.txt"), ws.resolve(".env"));
    Files.createSymbolicLink(ws.resolve("keys"), home.resolve(".ssh"));
    Files.createDirectories(ws.resolve("sub"));
    Files.createDirectories(ws.resolve("clean"));
    Files.writeString(ws.resolve("clean/a.txt"), "a");
    Files.writeString(ws.resolve("clean/.env"), "SECRET=2");
    GuardEnvironment env = new GuardEnvironment(ws, home, tmp.resolve("t"));
    FileSystemRules fs = new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("**/.env", "${home}/.ssh/**"), Verdict.DENY, List.of());
    check = new CommandCheck(CommandFixtures.rules(), new FileSystemCheck(fs, env), GuardLimits.DEFAULTS);
  }

  private Decision line(String command) {
    return check.check(Resource.CommandExec.line(command), null);
  }

  @Test
  void anAllowedProgramCannotReadADeniedFile() {
    for (String c : List.of("cat .env", "cat ./sub/../.env", "cat ~/.ssh/id_rsa", "cat innocent.txt",
        "cat keys/id_rsa", "grep -r x --file=.env", "sudo cat .env", "ls && cat .env", "sh -c 'cat .env'",
        "cd sub && cat ../.env", "xargs cat .env", "find . -exec cat .env \\;")) {
      Decision d = line(c);
      assertThat(d.verdict()).as(c).isEqualTo(Verdict.DENY);
    }
    assertThat(line("cat .env").rule()).isEqualTo(CommandCheck.OPERAND);
  }

  @Test
  void ordinaryArgumentsStayAllowed() {
    for (String c : List.of("cat README.md", "ls -la /usr/bin", "echo hello world", "git status --short",
        "grep -rn TODO src", "python3 script.py", "cat '~/.ssh/id_rsa.pub-not-expanded'")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.ALLOW);
    }
  }

  @Test
  void aGlobArgumentCannotReachADeniedFile() {
    for (String c : List.of("cat .e*", "cat .en?", "cat .[e]nv", "cat ./.e*", "cat sub/../.e*", "cat ~/.ssh/*",
        "cat ~/.s*/id_*", "cat .[!x]nv", "grep -r x .e?v")) {
      Decision d = line(c);
      assertThat(d.verdict()).as(c).isEqualTo(Verdict.DENY);
      assertThat(d.rule()).as(c).isEqualTo(CommandCheck.OPERAND);
    }
  }

  @Test
  void aGlobFollowsShellRulesForLeadingDots() {
    // sh's * does not match a leading dot, so these never reach .env
    for (String c : List.of("cat clean/*", "ls clean/*", "cat clean/?env", "ls sub/*", "cat '.e*'", "cat clean/[.]env")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.ALLOW);
    }
    // here * does match: innocent.txt is a link to .env
    assertThat(line("cat *").verdict()).isEqualTo(Verdict.DENY);
    assertThat(line("cat clean/.*").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void tildeFormsAndKeyValueOperandsAreCovered() {
    for (String c : List.of("cat ~+/.env", "cat ~-/.env", "cat ~root/.ssh/id_rsa", "ls ~nobody", "cat ~+/*")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.DENY);
      assertThat(line(c).rule()).as(c).isEqualTo(ShellParser.EXPANSION);
    }
    for (String c : List.of("tar cf x.tar if=.env", "find . -newer x --from=~/.ssh/id_rsa", "sort -o=x --file=.env")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.DENY);
    }
    for (String c : List.of("echo a=b", "git log --format=%H", "echo ~", "ls ~/", "sort --key=1")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.ALLOW);
    }
  }

  @Test
  void afterAnUntrackedCdRelativeArgumentsAreStillJudged() {
    for (String c : List.of("cd ~ && cat .ssh/id_rsa", "cd - ; cat .env", "cd -P sub && cat ../.env",
        "sh -c 'cd sub; cat .ssh/id_rsa'", "pushd /tmp && cat .env")) {
      assertThat(line(c).verdict()).as(c).isEqualTo(Verdict.DENY);
    }
    assertThat(line("cd - ; cat README.md").verdict()).isNotEqualTo(Verdict.DENY);
  }
}
