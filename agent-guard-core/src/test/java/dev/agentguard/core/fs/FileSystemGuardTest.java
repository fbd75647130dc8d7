package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.CallContext;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.fixtures.Fixture;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem check through the whole guard, with read_file / write_file descriptors. */
class FileSystemGuardTest {

  @TempDir Path tmp;
  Fixture f;
  AgentGuard guard;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    Policy policy = Policy.builder()
        .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
        .root(f.ro.toString(), FileSystemRules.RootAccess.READ)
        .denyPath("**/.env")
        .denyPath("${home}/.ssh/**")
        .tool(ToolDescriptor.of("read_file", ResourceSpec.fileRead("/path")))
        .tool(ToolDescriptor.of("write_file", ResourceSpec.fileWrite("/path")))
        .build();
    guard = AgentGuard.builder().policy(policy).environment(f.env()).build();
  }

  private Evaluation evaluate(String tool, String path) {
    return evaluate(tool, path, CallContext.empty());
  }

  private Evaluation evaluate(String tool, String path, CallContext context) {
    String json = "{\"path\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(path) + "}";
    return guard.evaluate(ToolCall.of(tool, json, context));
  }

  @Test
  void allowsReadsAndWritesInTheWorkspace() {
    Evaluation e = evaluate("read_file", "a/file.txt");
    assertThat(e.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(e.decision().rule()).isEqualTo("filesystem.root");
    assertThat(evaluate("write_file", "a/new.txt").verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void deniesEscapesWithTheRuleThatDecided() {
    assertThat(evaluate("read_file", "../outside/secret.txt").decision().rule())
        .isEqualTo("filesystem.outside-roots");
    assertThat(evaluate("read_file", "link-out/secret.txt").verdict()).isEqualTo(Verdict.DENY);
    assertThat(evaluate("read_file", "passwd").verdict()).isEqualTo(Verdict.DENY);
    assertThat(evaluate("read_file", "innocent").decision().rule()).isEqualTo("filesystem.deny-glob");
    assertThat(evaluate("read_file", "~/.ssh/id_rsa").decision().reason()).contains("${home}/.ssh/**");
    assertThat(evaluate("write_file", "dangling-out").verdict()).isEqualTo(Verdict.DENY);
    assertThat(evaluate("write_file", ".git/hooks/pre-commit").decision().rule())
        .isEqualTo("filesystem.protected");
    assertThat(evaluate("write_file", f.ro.resolve("data.txt").toString()).decision().rule())
        .isEqualTo("filesystem.read-only-root");
    assertThat(evaluate("read_file", "/etc/passwd\u0000.png").decision().rule())
        .isEqualTo("filesystem.invalid-path");
    assertThat(evaluate("read_file", "../ws_evil/secret.txt").verdict()).isEqualTo(Verdict.DENY);
  }

  @Test
  void modelChosenWorkingDirectoryOutsideTheWorkspaceIsDenied() {
    CallContext outside = CallContext.builder().workingDirectory(f.outside.toString()).build();
    Evaluation e = evaluate("write_file", "x.txt", outside);
    assertThat(e.verdict()).isEqualTo(Verdict.DENY);
    assertThat(e.decision().rule()).isEqualTo("filesystem.cwd-outside-workspace");
    // also for a tool without file resources
    Evaluation other = guard.evaluate(ToolCall.of("unknown_tool", "{}", outside));
    assertThat(other.verdict()).isEqualTo(Verdict.DENY);
    assertThat(other.decision().rule()).isEqualTo("filesystem.cwd-outside-workspace");
    CallContext inside = CallContext.builder().workingDirectory(f.ws.resolve("a").toString()).build();
    assertThat(evaluate("read_file", "file.txt", inside).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void guardedExecutorRefusesTheEscapeAndRunsTheRest() throws Exception {
    ToolExecutor tool = call -> ToolResult.of("ran");
    ToolExecutor guarded = guard.wrap(tool);
    assertThat(guarded.execute(ToolCall.of("read_file", "{\"path\":\"a/file.txt\"}")).content()).isEqualTo("ran");
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("read_file", "{\"path\":\"../../../etc/passwd\"}")))
        .isInstanceOfSatisfying(ToolCallDeniedException.class,
            e -> assertThat(e.decision().rule()).isEqualTo("filesystem.outside-roots"));
  }
}
