package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 3: ONCE and SESSION approvals bind what the path resolved to, not the typed path. Each test
 * swaps {@code out} for a symbolic link to another directory inside the workspace at a different moment; on
 * the old main each swap made the tool write into the other directory.
 */
class ApprovalBindingTest {

  @TempDir Path dir;
  private Path workspace;
  private final AtomicInteger asked = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    workspace = dir.toRealPath().resolve("ws");
    Files.createDirectories(workspace.resolve("out"));
    Files.createDirectories(workspace.resolve("other"));
  }

  private AgentGuard guard(Consumer<Path> onAsk, ApprovalResponse answer) {
    Approver approver = Approvers.deciding(request -> {
      asked.incrementAndGet();
      onAsk.accept(workspace);
      return answer;
    });
    return AgentGuard.builder()
        .policy(Policy.builder()
            .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
            .tool(ToolDescriptor.of("write_file", ToolDescriptor.ResourceSpec.fileWrite("/path")))
            .rule(ToolRule.of("writes-need-signoff", "write_file", Verdict.ASK, "writes need sign-off"))
            .build())
        .workspace(workspace).approver(approver).build();
  }

  private static ToolExecutor writer(AgentGuard guard, Runnable beforeWrite) {
    GuardedFiles files = GuardedFiles.of(guard.fileSystemCheck());
    return call -> {
      beforeWrite.run();
      files.writeString("out/a.txt", "hello");
      return ToolResult.of("written");
    };
  }

  private static void swap(Path workspace) {
    try {
      Path out = workspace.resolve("out");
      Files.deleteIfExists(out.resolve("a.txt"));
      Files.delete(out);
      Files.createSymbolicLink(out, workspace.resolve("other"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ToolCall write(String conversation) {
    return ToolCall.of("write_file", "{\"path\":\"out/a.txt\"}",
        CallContext.builder().conversationId(conversation).build());
  }

  @Test
  void aSessionApprovalDoesNotFollowASwappedDirectory() throws Exception {
    try (AgentGuard guard = guard(ws -> { }, ApprovalResponse.approvedForSession("alice"))) {
      ToolExecutor tool = guard.wrap(writer(guard, () -> { }));
      tool.execute(write("c1"));
      assertThat(asked).hasValue(1);
      swap(workspace);
      tool.execute(write("c1"));
      assertThat(asked).as("the same arguments now resolve elsewhere: asked again").hasValue(2);
    }
  }

  @Test
  void aSwapBetweenTheApprovalAndTheRunIsRefused() throws Exception {
    try (AgentGuard guard = guard(ApprovalBindingTest::swap, ApprovalResponse.approved("alice"))) {
      AtomicInteger ran = new AtomicInteger();
      ToolExecutor tool = guard.wrap(call -> {
        ran.incrementAndGet();
        return ToolResult.of("x");
      });
      assertThatThrownBy(() -> tool.execute(write("c1")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo(ApprovedTargets.RULE));
      assertThat(ran).hasValue(0);
      assertThat(workspace.resolve("other/a.txt")).doesNotExist();
    }
  }

  @Test
  void guardedFilesRefuseATargetOtherThanTheApprovedOne() throws Exception {
    try (AgentGuard guard = guard(ws -> { }, ApprovalResponse.approved("alice"))) {
      ToolExecutor tool = guard.wrap(writer(guard, () -> swap(workspace)));
      assertThatThrownBy(() -> tool.execute(write("c1")))
          .isInstanceOfSatisfying(FileAccessDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo(ApprovedTargets.RULE));
      assertThat(workspace.resolve("other/a.txt")).doesNotExist();
    }
  }

  @Test
  void anApprovedWriteToTheApprovedFileSucceeds() throws Exception {
    try (AgentGuard guard = guard(ws -> { }, ApprovalResponse.approved("alice"))) {
      ToolExecutor tool = guard.wrap(writer(guard, () -> { }));
      assertThat(tool.execute(write("c1")).content()).isEqualTo("written");
      assertThat(workspace.resolve("out/a.txt")).hasContent("hello");
    }
  }
}
