package dev.agentguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusal reasons shown to a model carry workspace-relative and ~ paths, never the host's absolute ones. */
class DisplayPathsTest {

  private static final DisplayPaths SHORT = DisplayPaths.of(
      new GuardEnvironment(Path.of("/home/ann/project"), Path.of("/home/ann"), Path.of("/tmp")));

  @Test
  void workspacePathsBecomeRelativeAndHomePathsStartWithTilde() {
    assertThat(SHORT.shorten("'/home/ann/project/src/Main.java' is inside root ${workspace} (/home/ann/project)"))
        .isEqualTo("'src/Main.java' is inside root ${workspace} (.)");
    assertThat(SHORT.shorten("'/home/ann/.ssh/id_rsa' matches deny glob '${home}/.ssh/**'"))
        .isEqualTo("'~/.ssh/id_rsa' matches deny glob '${home}/.ssh/**'");
    assertThat(SHORT.shorten("home is /home/ann.")).isEqualTo("home is ~.");
    assertThat(SHORT.shorten("/home/ann/project")).isEqualTo(".");
  }

  @Test
  void onlyWholeSegmentsMatch() {
    assertThat(SHORT.shorten("'/home/ann/project_evil/x' and /home/annie/y and /srv/home/ann/z"))
        .isEqualTo("'~/project_evil/x' and /home/annie/y and /srv/home/ann/z");
    assertThat(SHORT.shorten("'/home/ann/project.bak/x'")).isEqualTo("'~/project.bak/x'");
    assertThat(SHORT.shorten("'/etc/passwd' is outside every root")).isEqualTo("'/etc/passwd' is outside every root");
  }

  @Test
  void noneAndTheFileSystemRootChangeNothing() {
    assertThat(DisplayPaths.none().shorten("/home/ann/project/a")).isEqualTo("/home/ann/project/a");
    DisplayPaths root = DisplayPaths.of(new GuardEnvironment(Path.of("/"), Path.of("/"), Path.of("/tmp")));
    assertThat(root.shorten("'/etc/passwd'")).isEqualTo("'/etc/passwd'");
  }

  @Test
  void theRealPathOfASymlinkedWorkspaceIsRecognisedToo(@TempDir Path dir) throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    DisplayPaths paths = DisplayPaths.of(new GuardEnvironment(link, dir.resolve("home"), dir));
    assertThat(paths.shorten("'" + real.toRealPath() + "/a.txt' and '" + link + "/b.txt'"))
        .isEqualTo("'a.txt' and 'b.txt'");
  }

  @Test
  void theGuardsRefusalShowsShortPathsAndItsDecisionKeepsTheFullOne(@TempDir Path dir) throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("ws"));
    Path home = Files.createDirectories(dir.resolve("home"));
    Policy policy = Policy.builder().root("${workspace}", RootAccess.READ).denyPath("**/.env")
        .tool(dev.agentguard.api.ToolDescriptor.of("read_file",
            dev.agentguard.api.ToolDescriptor.ResourceSpec.fileRead("/path")))
        .build();
    String fullPath = workspace.toRealPath().resolve("config/.env").toString();
    try (AgentGuard guard = AgentGuard.builder().policy(policy)
        .environment(new GuardEnvironment(workspace, home, dir)).build()) {
      var tool = guard.wrap(call -> ToolResult.of("ran"));
      assertThatThrownBy(() -> tool.execute(ToolCall.of("read_file", "{\"path\":\"config/.env\"}")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class, e -> {
            assertThat(e.shownReason()).startsWith("'config/.env'").doesNotContain(dir.toString());
            assertThat(e.getMessage()).contains("'config/.env'").doesNotContain(dir.toString());
            assertThat(e.decision().reason()).contains(fullPath);
            // what an adapter that only evaluates shows is the same text
            assertThat(guard.shownReason(guard.evaluate(ToolCall.of("read_file", "{\"path\":\"config/.env\"}"))
                .decision())).isEqualTo(e.shownReason());
          });
      assertThatThrownBy(() -> tool.execute(ToolCall.of("read_file", "{\"path\":\"~/notes.txt\"}")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.shownReason()).startsWith("'~/notes.txt'"));
    }
  }
}
