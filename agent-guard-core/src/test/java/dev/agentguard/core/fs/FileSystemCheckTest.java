package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fixtures.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemCheckTest {

  @TempDir Path tmp;
  Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
  }

  private FileSystemCheck check(List<String> deny, Verdict outside, String... protect) {
    List<FileSystemRules.Root> roots = new ArrayList<>();
    roots.add(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE));
    roots.add(new FileSystemRules.Root(f.ro.toString(), FileSystemRules.RootAccess.READ));
    return new FileSystemCheck(new FileSystemRules(roots, deny, outside, List.of(protect)), f.env());
  }

  private FileSystemCheck check() {
    return check(List.of("**/.env"), Verdict.DENY);
  }

  private Decision read(String path) {
    return check().check(path, Access.READ, null);
  }

  private Decision write(String path) {
    return check().check(path, Access.WRITE, null);
  }

  @Test
  void allowsInsideRootsAndNamesTheRoot() {
    Decision d = read("a/file.txt");
    assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(d.check()).isEqualTo("filesystem");
    assertThat(d.rule()).isEqualTo("filesystem.root");
    assertThat(d.reason()).contains("${workspace}");
    assertThat(write(f.ws.resolve("a/new.txt").toString()).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(write("a/b/c/d/new.txt").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(read(f.ws.toString()).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void refusalIsCheckWithoutTheAllows() throws Exception {
    FileSystemCheck ask = check(List.of("**/.env"), Verdict.ASK);
    Files.createSymbolicLink(f.ws.resolve("to-env"), f.ws.resolve("a/.env"));
    String[] paths = {"a/file.txt", "a/.env", "to-env", "missing/deeper", f.ro.resolve("data.txt").toString(),
        "/etc/passwd", "", "a/%2e%2e/%2e%2e/x", "~/x", "a/./../a/file.txt"};
    for (FileSystemCheck c : List.of(check(), ask)) {
      for (String p : paths) {
        for (Access access : Access.values()) {
          for (String cwd : new String[] {null, "a", "/etc"}) {
            Decision full = c.check(p, access, cwd);
            assertThat(c.refusal(p, access, cwd))
                .as("%s %s in %s", access, p, cwd)
                .isEqualTo(full.isAllow() ? java.util.Optional.empty() : java.util.Optional.of(full));
          }
        }
      }
    }
  }

  @Test
  void readOnlyRootsRefuseWrites() {
    assertThat(read(f.ro.resolve("data.txt").toString()).verdict()).isEqualTo(Verdict.ALLOW);
    Decision d = write(f.ro.resolve("data.txt").toString());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("filesystem.read-only-root");
  }

  @Test
  void accessIsTheUnionOfContainingRoots() {
    FileSystemRules rules = new FileSystemRules(List.of(
        new FileSystemRules.Root(f.ws.toString(), FileSystemRules.RootAccess.READ),
        new FileSystemRules.Root(f.ws.resolve("a").toString(), FileSystemRules.RootAccess.READ_WRITE)),
        List.of(), Verdict.DENY, List.of());
    FileSystemCheck c = new FileSystemCheck(rules, f.env());
    assertThat(c.check("a/x.txt", Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check("x.txt", Access.WRITE, null).rule()).isEqualTo("filesystem.read-only-root");
    assertThat(c.check("x.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void noRootsAllowNothing() {
    FileSystemCheck c = new FileSystemCheck(FileSystemRules.NONE, f.env());
    Decision d = c.check("a/file.txt", Access.READ, null);
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("filesystem.outside-roots");
    assertThat(d.reason()).contains("no filesystem roots");
  }

  @Test
  void outsideRootsDenyOrAsk() {
    assertThat(read(f.outside.resolve("secret.txt").toString()).rule()).isEqualTo("filesystem.outside-roots");
    FileSystemCheck ask = check(List.of("**/.env", "**/id_rsa"), Verdict.ASK);
    assertThat(ask.check(f.outside.resolve("secret.txt").toString(), Access.READ, null).verdict())
        .isEqualTo(Verdict.ASK);
    // deny globs and the protected set still deny under outsideRoots: ask
    assertThat(ask.check(f.home.resolve("id_rsa").toString(), Access.READ, null).verdict())
        .isEqualTo(Verdict.DENY);
    assertThat(ask.check("/elsewhere/.git/hooks/pre-push", Access.WRITE, null).rule())
        .isEqualTo("filesystem.protected");
    assertThat(ask.check("loop1", Access.READ, null).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void siblingWithCommonPrefixIsOutside() { // CVE-2025-54794
    Decision d = read(f.base.resolve("ws_evil/secret.txt").toString());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(read("../ws_evil/secret.txt").verdict()).isEqualTo(Verdict.DENY);
    assertThat(read(f.ws + "_evil").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void symlinkedDirectoriesCannotEscape() { // CVE-2025-53109/53110
    for (String p : List.of("link-out/secret.txt", "link-rel-out/secret.txt", "link-out", "link-in/../link-out/x",
        "link-out/../outside/secret.txt")) {
      assertThat(read(p).verdict()).as(p).isEqualTo(Verdict.DENY);
      assertThat(write(p).verdict()).as(p).isEqualTo(Verdict.DENY);
    }
    assertThat(read("link-in/file.txt").verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void dotDotAfterASymlinkMeansTheTargetsParent() {
    // link-out -> base/outside, so link-out/.. is base, not ws
    PathCanonicalizer.Result r = PathCanonicalizer.canonicalize(f.ws.resolve("link-out/.."));
    assertThat(r.real()).isEqualTo(f.base);
    // lexically ws/link-in/../a/file.txt is ws/a/file.txt; by the OS it is ws/a/../a/file.txt: same here
    assertThat(PathCanonicalizer.canonicalize(f.ws.resolve("link-in/../a/file.txt")).real())
        .isEqualTo(f.ws.resolve("a/file.txt"));
    // ws/link-out/../ws/a/file.txt: OS meaning base/ws/a/file.txt, allowed
    assertThat(read("link-out/../ws/a/file.txt").verdict()).isEqualTo(Verdict.ALLOW);
    // ws/link-out/../outside/secret.txt lexically would be ws/outside/secret.txt (inside): must deny
    assertThat(read("link-out/../outside/secret.txt").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void fileLinksToSystemFilesAreDenied() {
    Decision d = read("passwd");
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.reason()).contains("/etc/passwd");
  }

  @Test
  void writesThroughDanglingLinksAreJudgedByTheTarget() { // CVE-2025-55345
    Decision out = write("dangling-out");
    assertThat(out.verdict()).isEqualTo(Verdict.DENY);
    assertThat(out.reason()).contains(f.outside.resolve("new.txt").toString());
    assertThat(write("dangling-in").verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void loopsAreDenied() {
    for (String p : List.of("loop1", "self", "loop1/x", "self/../a")) {
      Decision d = read(p);
      assertThat(d.verdict()).as(p).isEqualTo(Verdict.DENY);
      assertThat(d.rule()).as(p).isEqualTo("filesystem.symlink-loop");
    }
  }

  @Test
  void denyGlobsApplyAfterSymlinkResolution() { // CVE-2026-25724
    Decision d = read("innocent");
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("filesystem.deny-glob");
    assertThat(d.reason()).contains("**/.env");
    assertThat(read(".env").rule()).isEqualTo("filesystem.deny-glob");
    assertThat(read("a/../.env").rule()).isEqualTo("filesystem.deny-glob");
  }

  @Test
  void denyGlobsIgnoreCaseAndMatchTheRequestedPathToo() {
    assertThat(read(".ENV").rule()).isEqualTo("filesystem.deny-glob");
    assertThat(read("a/.Env").rule()).isEqualTo("filesystem.deny-glob");
    // the requested path matches even if the real one does not: link-in/.env is a/.env (missing)
    FileSystemCheck c = check(List.of("${workspace}/link-in/**"), Verdict.DENY);
    assertThat(c.check("link-in/file.txt", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
  }

  @Test
  void denyGlobsWithVariablesAndHome() {
    FileSystemCheck c = check(List.of("${workspace}/a/b/**", "~/.ssh/**", "${home}/secret"), Verdict.ASK);
    assertThat(c.check("a/b", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("a/b/c.txt", Access.WRITE, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("~/.ssh/id_rsa", Access.READ, null).reason()).contains("~/.ssh/**");
    assertThat(c.check(f.home() + "/secret", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("a/file.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void protectedPathsAreWriteDeniedInsideReadWriteRoots() {
    for (String p : List.of(".git/hooks/pre-commit", ".git/hooks", ".git/config", "a/.bashrc", ".zshrc",
        ".profile", ".bash_profile", ".agent-guard/policy.yaml", ".ssh/authorized_keys", "a/b/.git/config",
        "hooks-link/post-checkout", ".GIT/CONFIG")) {
      Decision d = write(p);
      assertThat(d.verdict()).as(p).isEqualTo(Verdict.DENY);
      assertThat(d.rule()).as(p).isEqualTo("filesystem.protected");
    }
    assertThat(read(".git/config").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(write(".git/objects/ab").verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void policiesAddProtectedPaths() {
    FileSystemCheck c = check(List.of(), Verdict.DENY, "**/Makefile", ".github/workflows/**");
    assertThat(c.check("Makefile", Access.WRITE, null).rule()).isEqualTo("filesystem.protected");
    assertThat(c.check(".github/workflows/ci.yml", Access.WRITE, null).rule()).isEqualTo("filesystem.protected");
    assertThat(c.check(".git/config", Access.WRITE, null).rule()).isEqualTo("filesystem.protected");
    assertThat(c.check("Makefile", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void workingDirectoryMustLieInTheWorkspace() { // Codex CVE-2025-59532
    Decision d = check().check("a/file.txt", Access.READ, f.outside.toString());
    assertThat(d.verdict()).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).isEqualTo("filesystem.cwd-outside-workspace");
    assertThat(check().check(f.ws.resolve("a/file.txt").toString(), Access.READ, "/").rule())
        .isEqualTo("filesystem.cwd-outside-workspace");
    assertThat(check().check("file.txt", Access.READ, f.ws.resolve("link-out").toString()).rule())
        .isEqualTo("filesystem.cwd-outside-workspace");
    assertThat(check().check("file.txt", Access.READ, f.ws + "_evil").rule())
        .isEqualTo("filesystem.cwd-outside-workspace");
    assertThat(check().check("file.txt", Access.READ, f.ws.resolve("a").toString()).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(check().check("file.txt", Access.READ, "a").verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(check().check("file.txt", Access.READ, "..").rule()).isEqualTo("filesystem.cwd-outside-workspace");
    assertThat(check().check("../../../outside/secret.txt", Access.READ, f.ws.resolve("a/b").toString()).verdict())
        .isEqualTo(Verdict.DENY);
  }

  @Test
  void invalidInputIsDeniedWithAReason() {
    for (String p : List.of("", "   ", "a\0b", "/etc/passwd\0.png", "a\nb", "a\u001bb", "a\u007f",
        "file:///etc/passwd", "FILE:/etc/passwd", "~root/.ssh/id_rsa", "a\u202eb", "\ud800x")) {
      Decision d = read(p);
      assertThat(d.verdict()).as(p).isEqualTo(Verdict.DENY);
      assertThat(d.rule()).as(p).isEqualTo("filesystem.invalid-path");
      assertThat(d.reason()).as(p).isNotBlank().doesNotContain("\0").doesNotContain("\n");
    }
    assertThat(check().check("a/file.txt", Access.READ, "a\0").rule()).isEqualTo("filesystem.invalid-path");
    assertThat(read("x".repeat(FileSystemCheck.MAX_PATH_LENGTH + 1)).rule()).isEqualTo("filesystem.invalid-path");
  }

  @Test
  void tildeIsTheHomeDirectory() {
    FileSystemRules rules = new FileSystemRules(List.of(new FileSystemRules.Root("~", FileSystemRules.RootAccess.READ)),
        List.of(), Verdict.DENY, List.of());
    FileSystemCheck c = new FileSystemCheck(rules, f.env());
    assertThat(c.check("~/notes.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check("~", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check("~/../ws/a/file.txt", Access.READ, null).verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void workspaceUnderASymlinkedDirectoryWorks() throws Exception {
    Path realWs = Files.createDirectories(f.base.resolve("real-parent/ws2"));
    Path linkParent = Files.createSymbolicLink(f.base.resolve("link-parent"), f.base.resolve("real-parent"));
    GuardEnvironment env = new GuardEnvironment(linkParent.resolve("ws2"), f.home(), f.base);
    FileSystemRules rules = new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("${workspace}/secret/**"), Verdict.DENY, List.of());
    FileSystemCheck c = new FileSystemCheck(rules, env);
    assertThat(c.check("x.txt", Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check(realWs.resolve("x.txt").toString(), Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check(linkParent.resolve("ws2/x.txt").toString(), Access.READ, null).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(c.check(realWs.resolve("secret/k").toString(), Access.READ, null).rule())
        .isEqualTo("filesystem.deny-glob");
    assertThat(c.check("x.txt", Access.READ, realWs.toString()).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void globMetacharactersInTheWorkspaceNameAreLiteral() throws Exception {
    Path odd = Files.createDirectories(f.base.resolve("w[1]{a,b}*"));
    GuardEnvironment env = new GuardEnvironment(odd, f.home(), f.base);
    FileSystemRules rules = new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("${workspace}/private/**"), Verdict.DENY, List.of());
    FileSystemCheck c = new FileSystemCheck(rules, env);
    assertThat(c.check("private/x", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("public/x", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(c.check(f.base.resolve("w1a/private/x").toString(), Access.READ, null).rule())
        .isEqualTo("filesystem.outside-roots");
  }

  @Test
  void evaluateChecksEveryFileResource() {
    var call = dev.agentguard.api.ToolCall.of("copy", "{}");
    var request = new dev.agentguard.core.check.CheckRequest(call,
        dev.agentguard.core.json.JsonNodeValue.of(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()),
        List.of(new dev.agentguard.api.Resource.FileAccess("a/file.txt", Access.READ),
            new dev.agentguard.api.Resource.NetworkAccess("https://example.com"),
            new dev.agentguard.api.Resource.FileAccess("../outside/x", Access.WRITE)), true);
    List<Decision> ds = check().evaluate(request);
    assertThat(ds).extracting(Decision::verdict).containsExactly(Verdict.ALLOW, Verdict.DENY);
    assertThat(check().name()).isEqualTo("filesystem");
  }

  @Test
  void rulesRejectBadGlobsAndRoots() {
    assertThatThrownBy(() -> rulesWithDeny("**/[ab")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deny[0]").hasMessageContaining("unclosed '['");
    assertThatThrownBy(() -> rulesWithDeny("{a,b")).hasMessageContaining("unclosed '{'");
    assertThatThrownBy(() -> rulesWithDeny("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> rulesWithDeny("a\0")).hasMessageContaining("control character");
    assertThatThrownBy(() -> rulesWithDeny("${nope}/**")).hasMessageContaining("unknown variable");
    assertThatThrownBy(() -> rulesWithDeny("${workspace/**")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> rulesWithDeny("~bob/x")).hasMessageContaining("~user");
    assertThatThrownBy(() -> new FileSystemRules(List.of(), List.of(), Verdict.DENY, List.of("[")))
        .hasMessageContaining("protectedPaths[0]");
    assertThatThrownBy(() -> new FileSystemRules.Root("relative/dir", FileSystemRules.RootAccess.READ))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> new FileSystemRules.Root("/a\0", FileSystemRules.RootAccess.READ))
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> new FileSystemRules.Root("${bad}", FileSystemRules.RootAccess.READ))
        .hasMessageContaining("unknown variable");
  }

  private static FileSystemRules rulesWithDeny(String glob) {
    return new FileSystemRules(List.of(), List.of(glob), Verdict.DENY, List.of());
  }

  @Test
  void tenThousandDenyGlobsStillDecide() {
    List<String> deny = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      switch (i % 4) {
        case 0: deny.add("**/secret-" + i + ".txt"); break;
        case 1: deny.add("${workspace}/gen/" + i + "/**"); break;
        case 2: deny.add("**/*.ext" + i); break;
        default: deny.add("**/pre" + i + "*"); break;
      }
    }
    FileSystemCheck c = check(deny, Verdict.DENY);
    assertThat(c.check("a/b/secret-9996.txt", Access.READ, null).reason()).contains("secret-9996.txt");
    assertThat(c.check("gen/9997/x", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("x.ext9998", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("pre9999-x", Access.READ, null).rule()).isEqualTo("filesystem.deny-glob");
    assertThat(c.check("a/file.txt", Access.READ, null).verdict()).isEqualTo(Verdict.ALLOW);
  }
}
