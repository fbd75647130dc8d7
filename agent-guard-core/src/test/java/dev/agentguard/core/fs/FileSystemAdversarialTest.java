package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fixtures.Fixture;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path traversal payloads from the OWASP path traversal page, PayloadsAllTheThings "Directory Traversal" and
 * published agent-sandbox CVEs, against a workspace that is the only (read-write) root.
 */
class FileSystemAdversarialTest {

  @TempDir Path tmp;
  Fixture f;
  FileSystemCheck check;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    check = new FileSystemCheck(new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("**/.env", "~/.ssh/**"), Verdict.DENY, List.of()), f.env());
  }

  /** Payloads that reach (or would reach, under some reading) outside the workspace: DENY, read and write. */
  @ParameterizedTest
  @ValueSource(strings = {
      // OWASP / PayloadsAllTheThings: plain and absolute
      "../../../../../../etc/passwd", "../../../../../../../../../../etc/passwd", "/etc/passwd", "//etc/passwd",
      "/./etc/passwd", "/../../../etc/passwd", "/etc/shadow", "/proc/self/environ", "/proc/self/root/etc/passwd",
      "/proc/self/cwd/../../etc/passwd", "..", "../", "./../", "a/../../", "a/b/../../..",
      // backslash readings
      "..\\..\\..\\etc\\passwd", "..\\../..\\../etc/passwd", "..\\",
      // URL encodings (never decoded for access, but judged under the decoded reading)
      "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
      "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "..%252f..%252f..%252fetc%252fpasswd",
      "%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%5c..%5c..%5cetc%5cpasswd", "%2fetc%2fpasswd",
      // NUL byte truncation (real and encoded)
      "/etc/passwd\u0000.png", "../../../etc/passwd\u0000.png", "/etc/passwd%00.png", "a/file.txt%00/../../../x",
      // unicode look-alikes that compatibility normalisation folds to . and /
      "\uff0e\uff0e\uff0f\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd", "\uff0fetc\uff0fpasswd",
      // URLs
      "file:///etc/passwd", "file:/etc/passwd", "FILE://localhost/etc/passwd",
      // home and secrets
      "~/.ssh/id_rsa", "~", "~/", "~root", "~root/.bashrc",
      // CVE-2025-54794: string-prefix sibling
      "../ws_evil/secret.txt", "../ws_evil", "./../ws_evil/../ws_evil/secret.txt",
      // CVE-2025-53109/53110: symlink and prefix escapes
      "link-out/secret.txt", "link-rel-out/secret.txt", "link-out/../outside/secret.txt", "passwd",
      "link-in/../link-out/file.txt", "a/../link-rel-out/./secret.txt",
      // CVE-2026-25724: deny rules after symlink resolution
      "innocent", ".env", "a/../.env", ".ENV", "./.env",
      // loops
      "loop1", "self/x",
      // Windows forms
      "C:\\Windows\\System32\\config\\SAM", "c:/windows/win.ini", "\\\\server\\share\\x", "\\etc\\passwd",
      // control characters
      "a\nb", "a\rb", "a\tb", "\u0085", "\u2028", "",
  })
  void escapesAreDenied(String path) {
    for (Access access : Access.values()) {
      Decision d = check.check(path, access, null);
      assertThat(d.verdict()).as("%s %s -> %s", access, path, d).isEqualTo(Verdict.DENY);
      assertThat(d.reason()).isNotBlank();
      assertThat(d.rule()).startsWith("filesystem.");
    }
  }

  /** Payloads that are literal names on POSIX: they may be allowed, but only inside the workspace. */
  @ParameterizedTest
  @ValueSource(strings = {
      "....//....//....//etc/passwd", "..././..././etc/passwd", "...", "....", ".../...",
      "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "%uff0e%uff0e/etc/passwd", "..\u2215..\u2215etc\u2215passwd",
      "a/./b/../file.txt", "a%20b", "100%", "a/file.txt/..", ".\u200b./x", "etc/passwd", "a\\b.txt",
  })
  void literalNamesStayInside(String path) {
    for (Access access : Access.values()) {
      Decision d = check.check(path, access, null);
      if (d.verdict() == Verdict.ALLOW) {
        Path real = OsResolver.resolve(f.ws.resolve(path));
        assertThat(real).as(path).isNotNull();
        assertThat(real.startsWith(f.ws)).as("%s resolves to %s", path, real).isTrue();
      }
    }
  }

  static Stream<Arguments> cwdEscapes() {
    return Stream.of(
        Arguments.of("/", "etc/passwd"),
        Arguments.of("/etc", "passwd"),
        Arguments.of("..", "ws/a/file.txt"),
        Arguments.of("../ws_evil", "secret.txt"),
        Arguments.of("link-out", "secret.txt"),
        Arguments.of("a/../..", "ws/a/file.txt"),
        Arguments.of("%2e%2e", "x"),
        Arguments.of("~", "ws/a/file.txt"),
        Arguments.of("file:///tmp", "x"));
  }

  /** Codex CVE-2025-59532: the model picks its own working directory. */
  @ParameterizedTest
  @MethodSource("cwdEscapes")
  void modelChosenWorkingDirectoriesOutsideTheWorkspaceAreDenied(String cwd, String path) {
    Decision d = check.check(path, Access.WRITE, cwd);
    assertThat(d.verdict()).as("%s in %s -> %s", path, cwd, d).isEqualTo(Verdict.DENY);
  }
}
