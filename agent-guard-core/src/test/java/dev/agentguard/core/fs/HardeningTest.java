package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Agent and IDE configuration in the protected set, roots that are planted links, and the judged readings. */
class HardeningTest {

  @TempDir Path root;

  private FileSystemCheck check(List<FileSystemRules.Root> roots, List<String> deny) throws Exception {
    Path ws = Files.createDirectories(root.resolve("ws"));
    Path home = Files.createDirectories(root.resolve("home"));
    return new FileSystemCheck(new FileSystemRules(roots, deny, Verdict.DENY, List.of()),
        new GuardEnvironment(ws, home, ws.resolve("tmp")));
  }

  private FileSystemCheck workspace() throws Exception {
    return check(List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {".vscode/settings.json", ".vscode/tasks.json", "sub/.VSCode/tasks.json", ".idea/workspace.xml",
      ".mcp.json", "a/b/.MCP.json", ".cursor/mcp.json", ".claude/settings.json", ".claude/commands/x.md",
      ".claude/agents/a.md", ".gemini/settings.json", ".codex/config.toml", ".gitmodules", "lib/.gitmodules",
      ".gitconfig", ".ripgreprc", ".RipGrepRc"})
  void agentAndIdeConfigurationIsWriteProtected(String path) throws Exception {
    FileSystemCheck c = workspace();
    Decision write = c.check(path, Access.WRITE, null);
    assertThat(write.verdict()).as(write.toString()).isEqualTo(Verdict.DENY);
    assertThat(write.rule()).isEqualTo(FileSystemCheck.RULE_PROTECTED);
    assertThat(c.check(path, Access.READ, null).verdict()).as("reading stays allowed").isEqualTo(Verdict.ALLOW);
  }

  @Test
  void plainNeighboursStayWritable() throws Exception {
    FileSystemCheck c = workspace();
    for (String p : List.of("vscode/settings.json", "src/claude.txt", "mcp.json", ".gitmodules.bak/x",
        "docs/.cursorrules.md")) {
      assertThat(c.check(p, Access.WRITE, null).verdict()).as(p).isEqualTo(Verdict.ALLOW);
    }
  }

  @Test
  void aWriteRootPlantedAsALinkToTheRootGrantsNothing() throws Exception {
    Path ws = Files.createDirectories(root.resolve("ws"));
    // the agent, allowed to write the workspace, replaces the not-yet-existing root ws/out by a link to /
    Files.createSymbolicLink(ws.resolve("out"), Path.of("/"));
    FileSystemCheck c = check(List.of(
        new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE),
        new FileSystemRules.Root("${workspace}/out", FileSystemRules.RootAccess.READ_WRITE)), List.of());
    assertThat(c.check("/etc/passwd", Access.WRITE, null).verdict()).isEqualTo(Verdict.DENY);
    assertThat(c.check(root.resolve("home/x").toString(), Access.WRITE, null).verdict()).isEqualTo(Verdict.DENY);
    assertThat(c.check("file.txt", Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void aLinkToAnAncestorDoesNotWidenEither() throws Exception {
    Path ws = Files.createDirectories(root.resolve("ws"));
    Files.createDirectories(ws.resolve("a"));
    Files.createSymbolicLink(ws.resolve("a/up"), root);
    FileSystemCheck c = check(List.of(
        new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE),
        new FileSystemRules.Root("${workspace}/a/up/home", FileSystemRules.RootAccess.READ_WRITE)), List.of());
    assertThat(c.check(root.resolve("home/.profile2").toString(), Access.WRITE, null).verdict())
        .isEqualTo(Verdict.DENY);
  }

  @Test
  void aRootReachedThroughAHostLinkOutsideWritableRootsStillResolves() throws Exception {
    Path real = Files.createDirectories(root.resolve("real/data"));
    Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
    FileSystemCheck c = check(List.of(
        new FileSystemRules.Root(root.resolve("link/data").toString(), FileSystemRules.RootAccess.READ_WRITE)),
        List.of());
    assertThat(c.check(real.resolve("x").toString(), Access.WRITE, null).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%u002e%u002e/%u002e%u002e/etc/passwd", "..\u2215..\u2215etc\u2215passwd",
      "sub/..\u2044..\u2044x", "%U002E%U002E%u2215secret", "\u3002\u3002/\u3002\u3002/etc/passwd",
      "..\u2216..\u2216etc"})
  void decodedReadingsAreJudged(String path) throws Exception {
    FileSystemCheck c = check(List.of(
        new FileSystemRules.Root("${workspace}/sub", FileSystemRules.RootAccess.READ_WRITE)), List.of());
    Files.createDirectories(root.resolve("ws/sub"));
    Decision d = c.check(root.resolve("ws/sub").resolve(path).toString(), Access.READ, null);
    assertThat(d.verdict()).as(d.toString()).isEqualTo(Verdict.DENY);
    assertThat(PathReadings.of(path)).isNotEmpty();
  }

  @Test
  void readingsListExactlyTheDocumentedForms() {
    assertThat(PathReadings.of("%u002e%u002e")).contains("..");
    assertThat(PathReadings.of("a\u2215b")).contains("a/b");
    assertThat(PathReadings.of("a%2fb")).contains("a/b");
    assertThat(PathReadings.of("a\\b")).contains("a/b");
    assertThat(PathReadings.of("a\uFF0Fb")).contains("a/b");
    assertThat(PathReadings.of("plain/path")).isEmpty();
  }
}
