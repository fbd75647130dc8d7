package dev.agentguard.core.enforce;

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
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command approval binds what the command check judged (parsed words of every simple command, programs
 * resolved to real files, file effects as real paths, the working directory), not the command's text. Lines
 * that differ only in spelling share a session approval; lines that run something else, or the same line once a
 * program or a directory resolves elsewhere, do not; a change between the approval and the run is refused
 * ({@code approval.target-changed}). Every command here asks ({@code commands.default: ask}), so each new
 * approval is one more question to the approver: the count is the oracle.
 */
class CommandApprovalBindingTest {

  @TempDir Path dir;
  private Path workspace;
  private final AtomicInteger asked = new AtomicInteger();
  private final List<ToolCall> ran = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    workspace = dir.toRealPath().resolve("ws");
    Files.createDirectories(workspace.resolve("a"));
    Files.createDirectories(workspace.resolve("b"));
    script(workspace.resolve("a/tool"), "a");
    script(workspace.resolve("b/tool"), "b");
    Files.createSymbolicLink(workspace.resolve("bin"), workspace.resolve("a"));
    Files.createSymbolicLink(workspace.resolve("cur"), workspace.resolve("a"));
  }

  static void script(Path p, String marker) throws IOException {
    Files.writeString(p, "#!/bin/sh\necho " + marker + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void relink(Path link, Path target) {
    try {
      Files.delete(link);
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private AgentGuard guard(ApprovalResponse answer, Consumer<Path> onAsk) {
    Approver approver = Approvers.deciding(request -> {
      asked.incrementAndGet();
      onAsk.accept(workspace);
      return answer;
    });
    return AgentGuard.builder()
        .policy(Policy.builder()
            .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
            .tool(ToolDescriptor.of("shell", ToolDescriptor.ResourceSpec.command("/command")))
            .build())
        .workspace(workspace).approver(approver).build();
  }

  private ToolExecutor tool(AgentGuard guard) {
    return guard.wrap(call -> {
      ran.add(call);
      return ToolResult.of("ran");
    });
  }

  private static ToolCall shell(String line) {
    return shell(line, null);
  }

  private static ToolCall shell(String line, String cwd) {
    CallContext.Builder c = CallContext.builder().conversationId("c1");
    if (cwd != null) {
      c.workingDirectory(cwd);
    }
    return ToolCall.of("shell", "{\"command\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(line) + "}",
        c.build());
  }

  @Test
  void linesThatParseToTheSameArgvShareASessionApproval() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approvedForSession("alice"), ws -> { })) {
      ToolExecutor tool = tool(guard);
      tool.execute(shell("ls -la"));
      for (String same : List.of("ls  -la", "'ls' -la", "\"ls\" '-la'", "l\\s -la", "ls -l\\\na", "ls -la ",
          "ls -la;")) {
        tool.execute(shell(same));
      }
      assertThat(asked).as("one approval for every spelling of `ls -la`").hasValue(1);
      assertThat(ran).hasSize(8);
    }
  }

  @Test
  void linesThatRunSomethingElseAreAskedAgain() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approvedForSession("alice"), ws -> { })) {
      ToolExecutor tool = tool(guard);
      tool.execute(shell("ls -la"));
      List<String> others = List.of("ls -la;rm x", "ls -la && rm x", "ls -la | wc -l", "ls -l \\\na",
          "ls -la > out.txt", "ls -la >> out.txt", "ls -la &", "ls -la*", "LC_ALL=C ls -la", "sh -c 'ls -la'",
          "env ls -la", "ls '-la'x");
      int n = 1;
      for (String other : others) {
        tool.execute(shell(other));
        n++;
        assertThat(asked).as("`%s` is another command than `ls -la`", other).hasValue(n);
      }
    }
  }

  @Test
  void theSameLineIsAskedAgainOnceItsProgramResolvesToAnotherFile() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approvedForSession("alice"), ws -> { })) {
      ToolExecutor tool = tool(guard);
      tool.execute(shell("bin/tool --go"));
      tool.execute(shell("bin/tool --go"));
      assertThat(asked).hasValue(1);
      relink(workspace.resolve("bin"), workspace.resolve("b"));
      tool.execute(shell("bin/tool --go"));
      assertThat(asked).as("bin/tool is now another file").hasValue(2);
      // The same path replaced by another file (a new identity) is another program too.
      Path replacement = workspace.resolve("b/tool.new");
      script(replacement, "evil");
      Files.move(replacement, workspace.resolve("b/tool"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      tool.execute(shell("bin/tool --go"));
      assertThat(asked).as("b/tool was replaced").hasValue(3);
    }
  }

  @Test
  void theSameLineIsAskedAgainInAnotherWorkingDirectory() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approvedForSession("alice"), ws -> { })) {
      ToolExecutor tool = tool(guard);
      tool.execute(shell("./tool", workspace.resolve("cur").toString()));
      relink(workspace.resolve("cur"), workspace.resolve("b"));
      tool.execute(shell("./tool", workspace.resolve("cur").toString()));
      assertThat(asked).hasValue(2);
    }
  }

  @Test
  void aProgramSwappedBetweenTheApprovalAndTheRunIsRefused() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approved("alice"),
        ws -> relink(ws.resolve("bin"), ws.resolve("b")))) {
      ToolExecutor tool = tool(guard);
      assertThatThrownBy(() -> tool.execute(shell("bin/tool --go")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo(ApprovedTargets.RULE));
      assertThat(ran).isEmpty();
    }
  }

  @Test
  void aRedirectTargetSwappedBetweenTheApprovalAndTheRunIsRefused() throws Exception {
    try (AgentGuard guard = guard(ApprovalResponse.approved("alice"),
        ws -> relink(ws.resolve("cur"), ws.resolve("b")))) {
      ToolExecutor tool = tool(guard);
      assertThatThrownBy(() -> tool.execute(shell("echo hi > cur/out.txt")))
          .isInstanceOfSatisfying(ToolCallDeniedException.class,
              e -> assertThat(e.decision().rule()).isEqualTo(ApprovedTargets.RULE));
      assertThat(ran).isEmpty();
    }
  }
}
