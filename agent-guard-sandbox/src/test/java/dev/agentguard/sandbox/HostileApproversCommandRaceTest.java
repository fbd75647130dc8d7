package dev.agentguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.fixtures.Callers;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command half of the 200-caller test ({@code HostileApproversConcurrencyTest} in agent-guard-core holds the
 * tool-rule half): 200 callers each ask to run a program through {@link GuardedProcess}, against approvers that
 * approve, block, throw, answer late, answer twice and deny. Whenever an approver approves, a racing thread
 * swaps that caller's program (a {@code bin} link from {@code a/} to {@code b/}) or its working directory (a
 * {@code cur} link), back and forth, at a random moment. The program in {@code b/} leaves a marker file: the
 * independent oracle that no tool ever ran a target other than the approved one. Every run that happens prints
 * the approved program's output; every other approved call is refused ({@code approval.target-changed}, or a
 * timeout); no tool runs without a timely approval; no guard thread is left once the guard is closed.
 */
class HostileApproversCommandRaceTest {

  private static final int CALLERS = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private enum Behaviour { APPROVE, BLOCK, THROW, LATE, TWICE, DENY }

  @TempDir Path dir;

  @Test
  void twoHundredCallersWhileProgramsAndDirectoriesAreSwapped() throws Exception {
    Path workspace = dir.toRealPath();
    for (int i = 0; i < CALLERS; i++) {
      Path c = workspace.resolve("c-" + i);
      Files.createDirectories(c.resolve("a"));
      Files.createDirectories(c.resolve("b"));
      script(c.resolve("a/tool"), "echo good");
      script(c.resolve("b/tool"), "touch " + workspace.resolve("evil-" + i) + "; echo evil");
      Files.createSymbolicLink(c.resolve("bin"), c.resolve("a"));
      Files.createSymbolicLink(c.resolve("cur"), c.resolve("a"));
    }
    CountDownLatch release = new CountDownLatch(1);
    Map<String, CompletableFuture<ApprovalResponse>> late = new ConcurrentHashMap<>();
    List<Thread> swappers = new java.util.concurrent.CopyOnWriteArrayList<>();
    Approver approver = request -> {
      int n = caller(request.call());
      switch (behaviour(n)) {
        case APPROVE:
          if (n % 4 != 0) { // a quarter of the approved callers race no swapper: they must run
            swappers.add(swapper(workspace, n));
          }
          return CompletableFuture.completedFuture(ApprovalResponse.approved("alice"));
        case BLOCK:
          awaitQuietly(release);
          return CompletableFuture.completedFuture(ApprovalResponse.approved("blocker"));
        case THROW:
          return sneakyThrow(n % 2 == 0 ? new StackOverflowError() : new IOException("undeclared"));
        case LATE: {
          CompletableFuture<ApprovalResponse> f = new CompletableFuture<>();
          late.put(request.call().id(), f);
          return f.minimalCompletionStage();
        }
        case TWICE: {
          swappers.add(swapper(workspace, n));
          CompletableFuture<ApprovalResponse> f = new CompletableFuture<>();
          f.complete(ApprovalResponse.approved("twice"));
          f.complete(ApprovalResponse.denied("twice", "changed my mind"));
          return f;
        }
        default:
          return CompletableFuture.completedFuture(ApprovalResponse.denied("bob", "no"));
      }
    };
    AgentGuard guard = AgentGuard.builder()
        .policy(Policy.builder()
            .root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)
            .tool(ToolDescriptor.of("shell", ToolDescriptor.ResourceSpec.command("/command")))
            .approvalTimeout(TIMEOUT)
            .build())
        .workspace(workspace).approver(approver).build();
    GuardedProcess runner = GuardedProcess.builder(workspace).commandCheck(guard.commandCheck()).acceptAsk(true)
        .timeout(Duration.ofSeconds(60)).build();
    Set<Integer> ran = ConcurrentHashMap.newKeySet();
    ToolExecutor guarded = guard.wrap(call -> {
      int n = caller(call);
      ran.add(n);
      ProcessResult r = runner.run(List.of(program(n)), Path.of(cwd(workspace, n)));
      return ToolResult.of(r.stdout().trim());
    });

    Map<Integer, Object> outcome = new ConcurrentHashMap<>();
    Callers.runTogether(CALLERS, Duration.ofSeconds(180), n -> {
      ToolCall call = new ToolCall("call-" + n, "shell", "{\"command\":[\"" + program(n) + "\"]}",
          CallContext.builder().workingDirectory(cwd(workspace, n)).build());
      try {
        outcome.put(n, guarded.execute(call).content());
      } catch (ToolCallDeniedException e) {
        outcome.put(n, e.decision().rule());
      } catch (Exception e) {
        outcome.put(n, e);
      }
      CompletableFuture<ApprovalResponse> f = late.get(call.id());
      if (f != null) {
        f.complete(ApprovalResponse.approved("too-late"));
      }
    });
    for (Thread t : swappers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(outcome).hasSize(CALLERS);
    for (int n = 0; n < CALLERS; n++) {
      assertThat(workspace.resolve("evil-" + n)).as("caller %d ran a program it was not approved for", n)
          .doesNotExist();
      Object o = outcome.get(n);
      Behaviour b = behaviour(n);
      if (b == Behaviour.APPROVE || b == Behaviour.TWICE) {
        assertThat(o).as("caller %d (%s)", n, b)
            .isIn("good", ApprovedTargets.RULE, "approval.timeout", "command.working-directory");
        if (b == Behaviour.APPROVE && n % 4 == 0) {
          assertThat(o).as("caller %d, approved and not raced", n).isIn("good", "approval.timeout");
        }
      } else {
        assertThat(ran).as("caller %d (%s) ran without a timely approval", n, b).doesNotContain(n);
        assertThat(o).as("caller %d (%s)", n, b).isInstanceOf(String.class).isNotEqualTo("good");
      }
    }
    assertThat(outcome.values()).as("some approved calls ran").contains("good");

    guard.close();
    release.countDown();
    for (Thread t : guardThreads()) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(guardThreads()).as("guard threads alive after close").isEmpty();
  }

  private static String program(int n) {
    return n % 2 == 0 ? "bin/tool" : "./tool";
  }

  private static String cwd(Path workspace, int n) {
    return workspace.resolve("c-" + n).resolve(n % 2 == 0 ? "" : "cur").toString();
  }

  /** Swaps caller {@code n}'s link (the program's directory or the working directory) a few times, at random. */
  private static Thread swapper(Path workspace, int n) {
    Path c = workspace.resolve("c-" + n);
    Path link = c.resolve(n % 2 == 0 ? "bin" : "cur");
    Thread t = new Thread(() -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int toggles = 1 + random.nextInt(4);
      for (int k = 0; k < toggles; k++) {
        for (int spin = random.nextInt(200_000); spin > 0; spin--) {
          Thread.onSpinWait();
        }
        relink(link, c.resolve(k % 2 == 0 ? "b" : "a"));
      }
    }, "swapper-" + n);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Replaces {@code link} atomically (a new link renamed over it), so no reader sees it missing. */
  private static void relink(Path link, Path target) {
    try {
      Path next = link.resolveSibling(link.getFileName() + ".next");
      Files.deleteIfExists(next);
      Files.createSymbolicLink(next, target);
      Files.move(next, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void script(Path p, String body) throws IOException {
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int caller(ToolCall call) {
    return Integer.parseInt(call.id().substring("call-".length()));
  }

  private static Behaviour behaviour(int n) {
    return Behaviour.values()[(n / 2) % Behaviour.values().length];
  }

  private static List<Thread> guardThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && (t.getName().startsWith("agent-guard-approver")
            || t.getName().startsWith("agent-guard-approval-deadlines")))
        .toList();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> CompletionStage<ApprovalResponse> sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
