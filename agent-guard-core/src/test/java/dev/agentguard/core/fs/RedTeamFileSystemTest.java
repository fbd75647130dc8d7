package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Access;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fixtures.Fixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adversarial cases found by the red-team corpus. */
class RedTeamFileSystemTest {

  @TempDir java.nio.file.Path tmp;
  Fixture f;
  FileSystemCheck check;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    check = new FileSystemCheck(new FileSystemRules(List.of(
        new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("**/.env"), Verdict.DENY, List.of()), f.env());
  }

  @Test
  void overlongUtf8SlashIsReadAsASeparator() {
    assertThat(check.check("..%c0%af..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", Access.READ, null).verdict())
        .isEqualTo(Verdict.DENY);
    assertThat(check.check("..%e0%80%af..%e0%80%afetc", Access.READ, null).verdict()).isEqualTo(Verdict.DENY);
    assertThat(check.check("sub%c0%af.env", Access.READ, null).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void naiveDotDotStrippingCannotSmuggleATraversal() {
    assertThat(check.check("....//....//....//....//....//etc/passwd", Access.READ, null).verdict())
        .isEqualTo(Verdict.DENY);
    assertThat(check.check("..../.env", Access.READ, null).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void ordinaryNamesStayAllowed() {
    assertThat(check.check("a/file.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(check.check("a/../a/file.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(check.check("caf%C3%A9.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void lenientDecoderAcceptsOverlongFormsAndKeepsValidText() {
    assertThat(PathReadings.lenientUtf8(new byte[] {(byte) 0xC0, (byte) 0xAF})).isEqualTo("/");
    assertThat(PathReadings.lenientUtf8(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAE})).isEqualTo(".");
    String text = "caf\u00e9 \ud83d\ude00 x";
    assertThat(PathReadings.lenientUtf8(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    assertThat(PathReadings.lenientUtf8(new byte[] {(byte) 0xFF, 'a', (byte) 0xC3})).isEqualTo("\ufffda\ufffd");
  }

  @Test
  void submoduleHooksAndConfigAndOtherStartUpFilesAreWriteProtected() {
    for (String p : List.of(".git/modules/lib/hooks/post-checkout", ".git/modules/a/modules/b/hooks/pre-commit",
        ".git/modules/lib/config", ".git/config.worktree", "sub/.zshenv", ".zprofile", ".zlogin", ".bash_login")) {
      assertThat(check.check(p, Access.WRITE, null).verdict()).as(p).isEqualTo(Verdict.DENY);
      assertThat(check.check(p, Access.WRITE, null).rule()).as(p).isEqualTo(FileSystemCheck.RULE_PROTECTED);
    }
    assertThat(check.check(".git/modules/lib/config", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(check.check(".git/modules/lib/objects/ab/cdef", Access.WRITE, null).verdict())
        .isEqualTo(Verdict.ALLOW);
  }

  @Test
  void aWriteThroughAHardLinkIsDenied() throws Exception {
    java.nio.file.Path target = f.home().resolve(".bashrc");
    java.nio.file.Files.writeString(target, "echo hi");
    java.nio.file.Path link = f.ws.resolve("notes.txt");
    try {
      java.nio.file.Files.createLink(link, target);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "no hard links here: " + e);
    }
    assertThat(check.check("notes.txt", Access.WRITE, null).rule()).isEqualTo(FileSystemCheck.RULE_HARD_LINK);
    assertThat(check.check("notes.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    java.nio.file.Files.writeString(f.ws.resolve("plain.txt"), "x");
    assertThat(check.check("plain.txt", Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
  }
}
