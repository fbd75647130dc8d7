package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GuardedProcess} runs, for an approved call, only the command that was approved as the command check
 * bound it: the same parsed words (however the tool spells them: a line or an argv), the same program file as its
 * own {@code PATH} finds it, in the same working directory. Real processes; the oracle is what they print and the
 * marker files they leave.
 */
class ProcessApprovalBindingTest {

  @TempDir Path dir;
  private Path workspace;

  @BeforeEach
  void setUp() throws IOException {
    workspace = dir.toRealPath().resolve("ws");
    Files.createDirectories(workspace.resolve("a"));
    Files.createDirectories(workspace.resolve("b"));
    Files.createDirectories(workspace.resolve("path1"));
    Files.createDirectories(workspace.resolve("path2"));
    script(workspace.resolve("a/tool"), "echo good; touch ran-good");
    script(workspace.resolve("b/tool"), "echo evil; touch ran-evil");
    script(workspace.resolve("path2/mytool"), "echo good");
    Files.createSymbolicLink(workspace.resolve("cur"), workspace.resolve("a"));
  }

  static void script(Path p, String body) throws IOException {
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private AgentGuard guard() {
    return AgentGuard.builder()
        .policy(Policy.builder()
            .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
            .tool(ToolDescriptor.of("shell", ToolDescriptor.ResourceSpec.command("/command")))
            .build())
        .workspace(workspace)
        .approver(request -> CompletableFuture.completedFuture(ApprovalResponse.approved("alice")))
        .build();
  }

  private GuardedProcess runner(AgentGuard guard, String path) {
    return GuardedProcess.builder(workspace).commandCheck(guard.commandCheck()).acceptAsk(true)
        .baseEnvironment(Map.of("PATH", path)).build();
  }

  private static ToolCall line(String command, String cwd) {
    return ToolCall.of("shell", "{\"command\":\"" + command + "\"}",
        CallContext.builder().workingDirectory(cwd).build());
  }

  /** A call whose command is an argv, as the tool then runs it: the argv's text matches exactly. */
  private static ToolCall argv(String program, String cwd) {
    return ToolCall.of("shell", "{\"command\":[\"" + program + "\"]}",
        CallContext.builder().workingDirectory(cwd).build());
  }

  private interface Run {
    ProcessResult run(GuardedProcess runner) throws Exception;
  }

  private static ToolExecutor tool(GuardedProcess runner, Run run) {
    return call -> ToolResult.of(run.run(runner).stdout().trim());
  }

  private static void assertRefused(ThrowingCall call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ToolCallDeniedException.class,
        e -> assertThat(e.decision().rule()).isEqualTo(ApprovedTargets.RULE));
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void theApprovedCommandRunsHoweverTheToolSpellsIt() throws Exception {
    try (AgentGuard guard = guard()) {
      GuardedProcess runner = runner(guard, "/usr/bin:/bin");
      String ws = workspace.toString();
      assertThat(guard.wrap(tool(runner, r -> r.runShell("echo  hi", workspace))).execute(line("echo hi", ws))
          .content()).isEqualTo("hi");
      assertThat(guard.wrap(tool(runner, r -> r.run(List.of("echo", "hi"), workspace)))
          .execute(line("'echo' hi", ws)).content()).isEqualTo("hi");
    }
  }

  @Test
  void anotherArgvIsRefused() throws Exception {
    try (AgentGuard guard = guard()) {
      GuardedProcess runner = runner(guard, "/usr/bin:/bin");
      assertRefused(() -> guard.wrap(tool(runner, r -> r.run(List.of("echo", "bye"), workspace)))
          .execute(line("echo hi", workspace.toString())));
      assertRefused(() -> guard.wrap(tool(runner, r -> r.runShell("echo hi; touch x", workspace)))
          .execute(line("echo hi", workspace.toString())));
      assertThat(workspace.resolve("x")).doesNotExist();
    }
  }

  @Test
  void aProgramReplacedAfterTheApprovalIsNotRun() throws Exception {
    try (AgentGuard guard = guard()) {
      GuardedProcess runner = runner(guard, "/usr/bin:/bin");
      ToolExecutor tool = guard.wrap(tool(runner, r -> {
        Files.copy(workspace.resolve("b/tool"), workspace.resolve("a/tool.new"));
        Files.move(workspace.resolve("a/tool.new"), workspace.resolve("a/tool"),
            StandardCopyOption.REPLACE_EXISTING);
        return r.run(List.of("./tool"), workspace.resolve("a"));
      }));
      assertRefused(() -> tool.execute(argv("./tool", workspace.resolve("a").toString())));
      assertThat(workspace.resolve("a/ran-evil")).doesNotExist();
    }
  }

  @Test
  void aWorkingDirectorySwappedAfterTheApprovalIsRefused() throws Exception {
    try (AgentGuard guard = guard()) {
      GuardedProcess runner = runner(guard, "/usr/bin:/bin");
      Path cur = workspace.resolve("cur");
      ToolExecutor tool = guard.wrap(tool(runner, r -> {
        Files.delete(cur);
        Files.createSymbolicLink(cur, workspace.resolve("b"));
        return r.run(List.of("./tool"), cur);
      }));
      assertRefused(() -> tool.execute(argv("./tool", cur.toString())));
      assertThat(workspace.resolve("b/ran-evil")).doesNotExist();
    }
  }

  @Test
  void aBareNameThatTheRunnersPathFindsElsewhereIsRefused() throws Exception {
    try (AgentGuard guard = guard()) {
      String ws = workspace.toString();
      // Approved as the guard's PATH finds it (nowhere: mytool is not on this process's PATH) ...
      GuardedProcess elsewhere = runner(guard, workspace.resolve("path2") + ":/usr/bin:/bin");
      assertRefused(() -> guard.wrap(tool(elsewhere, r -> r.run(List.of("mytool"), workspace)))
          .execute(argv("mytool", ws)));
      // ... while a program both PATHs find in the same file runs.
      GuardedProcess same = runner(guard, System.getenv("PATH"));
      assertThat(guard.wrap(tool(same, r -> r.run(List.of("echo", "ok"), workspace))).execute(line("echo ok", ws))
          .content()).isEqualTo("ok");
    }
  }
}
