package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 (a filesystem allowlist that cannot be escaped) through the kit: core's FileSystemGuardTest, with the
 * workspace, home and symlinks from the extension and failure messages that say which check and rule decided.
 */
class FilesystemPolicyKitTest {

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy(Policy.builder()
          .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
          .denyPath("**/.env")
          .denyPath("${home}/.ssh/**")
          .tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")))
          .tool(ToolDescriptor.of("write_file", ResourceSpec.fileWrite("/path")))
          .build())
      .workspaceFile("a/file.txt", "inside")
      .workspaceFile(".env", "TOKEN=1")
      .workspaceFile("app/config/.env", "TOKEN=2")
      .workspaceFile(".git/config", "[core]");

  @BeforeEach
  void links(GuardFixture fixture) throws IOException {
    Path ws = fixture.workspace();
    Files.createDirectories(fixture.home().resolve(".ssh"));
    Files.writeString(fixture.home().resolve(".ssh/id_rsa"), "PRIVATE KEY");
    Files.writeString(fixture.tmp().resolve("outside.txt"), "outside");
    Files.createSymbolicLink(ws.resolve("innocent"), Path.of(".env"));
    Files.createSymbolicLink(ws.resolve("link-out"), fixture.tmp());
    Files.createSymbolicLink(ws.resolve("env-dir"), Path.of("app/config"));
  }

  @Test
  void theAgentWorksInsideTheWorkspace(AgentGuard guard) {
    assertThat(guard)
        .allows(ToolCalls.readFile("a/file.txt")).byRule("filesystem.root")
        .and().allows(ToolCalls.writeFile("a/new.txt", "x"))
        .and().allows(ToolCalls.readFile("a/../a/file.txt"));
  }

  @Test
  void thePolicyNeverLetsTheAgentReadDotEnv(AgentGuard guard, Path workspace) {
    for (String path : new String[] {
        ".env", "./.env", "a/../.env", "app/config/.env", "app//config/./.env", "innocent", "env-dir/.env",
        workspace.resolve(".env").toString(), "a/b/../../.env", ".env/"}) {
      assertThat(guard).denies(ToolCalls.readFile(path)).byCheck("filesystem");
      assertThat(guard).denies(ToolCalls.writeFile(path, "TOKEN=stolen")).byCheck("filesystem");
    }
    assertThat(guard).denies(ToolCalls.readFile("innocent")).byRule("filesystem.deny-glob").because("**/.env");
  }

  @Test
  void escapesAreDeniedWithTheRuleThatDecided(AgentGuard guard, GuardFixture fixture) {
    assertThat(guard)
        .denies(ToolCalls.readFile("../outside.txt")).byRule("filesystem.outside-roots")
        .and().denies(ToolCalls.readFile("link-out/outside.txt"))
        .and().denies(ToolCalls.readFile(fixture.tmp().resolve("outside.txt").toString()))
        .and().denies(ToolCalls.readFile("~/.ssh/id_rsa")).because("${home}/.ssh/**")
        .and().denies(ToolCalls.writeFile(".git/config", "[core] hooksPath=/tmp")).byRule("filesystem.protected")
        .and().denies(ToolCalls.readFile("/etc/passwd\u0000.png")).byRule("filesystem.invalid-path");
  }

  @Test
  void theHostSetsTheBoundaryNotTheModel(AgentGuard guard, GuardFixture fixture) {
    assertThat(guard)
        .denies(ToolCalls.writeFile("x.txt", "x").workingDirectory(fixture.tmp()))
        .byRule("filesystem.cwd-outside-workspace")
        .and().denies(ToolCalls.call("unknown_tool").workingDirectory(fixture.home()))
        .byRule("filesystem.cwd-outside-workspace")
        .and().allows(ToolCalls.readFile("file.txt").workingDirectory(fixture.workspace().resolve("a")));
  }
}
