package dev.agentguard.ops.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyError;
import dev.agentguard.core.policy.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading with a real directory. Waits poll with a generous deadline instead of sleeping a fixed time. */
class PolicyWatcherTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Path file;
  private GuardEnvironment env;
  private final List<String> reloads = new CopyOnWriteArrayList<>();
  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final List<PolicyWatcher> open = new CopyOnWriteArrayList<>();

  private final PolicyWatcher.Listener listener = new PolicyWatcher.Listener() {
    @Override
    public void onReloaded(Policy policy, List<String> warnings) {
      reloads.add(policy.unknownTool().label() + " " + warnings);
    }

    @Override
    public void onRejected(String reason, List<PolicyError> errors) {
      rejections.add(reason + " " + errors);
    }
  };

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("policy.yaml");
    Files.writeString(file, policy("deny"));
    env = GuardEnvironment.ofWorkspace(Files.createDirectories(dir.resolve("ws")).toRealPath());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (PolicyWatcher w : open) {
      w.close();
    }
  }

  private static String policy(String unknownTool) {
    return "version: 1\ndefaults: { unknownTool: " + unknownTool + " }\n";
  }

  private PolicyWatcher start(List<Path> files) throws Exception {
    PolicyWatcher w = PolicyWatcher.builder(files)
        .guardFactory(p -> AgentGuard.builder().policy(p).environment(env).build())
        .listener(listener)
        .debounce(Duration.ofMillis(50))
        .pollInterval(Duration.ofMillis(250))
        .start();
    open.add(w);
    return w;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Rewrites the file so that its size changes too (some file systems keep coarse modification times). */
  private void rewrite(Path f, String content) throws Exception {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aChangedFileIsSwappedIn() throws Exception {
    PolicyWatcher w = start(List.of(file));
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.DENY);
    Files.writeString(file, policy("allow"));
    await("the reload", () -> w.policy().unknownTool() == Verdict.ALLOW);
    assertThat(w.guard().policy()).isSameAs(w.policy());
    assertThat(w.evaluate(ToolCall.of("anything", "{}")).verdict()).isEqualTo(Verdict.ALLOW);
    await("the listener", () -> reloads.contains("allow []"));
  }

  @Test
  void aBadFileKeepsTheOldPolicyAndSaysWhy() throws Exception {
    PolicyWatcher w = start(List.of(file));
    Policy before = w.policy();
    rewrite(file, "version: 1\ndefaults: { unknownTool: perhaps }\n");
    await("the rejection", () -> !rejections.isEmpty());
    assertThat(w.policy()).isSameAs(before);
    assertThat(rejections.get(0))
        .contains(file + ":2:26: unknown decision 'perhaps' for defaults.unknownTool: expected allow, ask or deny");
    // fixing the file reloads it
    rewrite(file, policy("ask"));
    await("the reload", () -> w.policy().unknownTool() == Verdict.ASK);
    assertThat(reloads).containsExactly("ask []");
  }

  @Test
  void aDeletedFileKeepsTheOldPolicy() throws Exception {
    PolicyWatcher w = start(List.of(file));
    Files.delete(file);
    await("the rejection", () -> !rejections.isEmpty());
    assertThat(rejections.get(0)).startsWith("policy file not found: " + file);
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.DENY);
    Files.writeString(file, policy("ask"));
    await("the reload", () -> w.policy().unknownTool() == Verdict.ASK);
  }

  @Test
  void anAtomicRenameIsNoticed() throws Exception {
    PolicyWatcher w = start(List.of(file));
    rewrite(file, policy("ask"));
    await("the reload", () -> w.policy().unknownTool() == Verdict.ASK);
  }

  @Test
  void theWrappedExecutorFollowsThePolicy() throws Exception {
    PolicyWatcher w = start(List.of(file));
    ToolExecutor guarded = w.wrap(call -> ToolResult.of("ran"));
    assertThatThrownBy(() -> guarded.execute(ToolCall.of("mystery", "{}")))
        .isInstanceOf(ToolCallDeniedException.class);
    rewrite(file, policy("allow"));
    await("the reload", () -> w.policy().unknownTool() == Verdict.ALLOW);
    assertThat(guarded.execute(ToolCall.of("mystery", "{}")).content()).isEqualTo("ran");
  }

  @Test
  void layersAreRecomposedAndStillOnlyTighten() throws Exception {
    Path overlay = dir.resolve("user.yaml");
    Files.writeString(overlay, "version: 1\n");
    Files.writeString(file, policy("ask"));
    PolicyWatcher w = start(List.of(file, overlay));
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.ASK);
    rewrite(overlay, policy("allow"));
    await("the reload", () -> !reloads.isEmpty());
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.ASK);
    assertThat(w.warnings()).singleElement().asString().contains("defaults.unknownTool: allow is looser");
    rewrite(overlay, policy("deny"));
    await("the tightening", () -> w.policy().unknownTool() == Verdict.DENY);
  }

  @Test
  void anInvalidFileAtStartIsAnError() throws Exception {
    Files.writeString(file, "version: 1\nmode: loud\n");
    assertThatThrownBy(() -> start(List.of(file)))
        .isInstanceOf(PolicyException.class)
        .hasMessage(file + ":2:7: unknown mode 'loud': expected enforce or audit");
  }

  @Test
  void aFailingGuardFactoryOrListenerKeepsTheOldPolicy() throws Exception {
    PolicyWatcher w = PolicyWatcher.builder(List.of(file))
        .guardFactory(p -> {
          if (p.unknownTool() == Verdict.ALLOW) {
            throw new IllegalStateException("no allow here");
          }
          return AgentGuard.builder().policy(p).environment(env).build();
        })
        .listener(new PolicyWatcher.Listener() {
          @Override
          public void onReloaded(Policy policy, List<String> warnings) {
            reloads.add(policy.unknownTool().label());
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onRejected(String reason, List<PolicyError> errors) {
            rejections.add(reason);
            throw new IllegalStateException("listener bug");
          }
        })
        .debounce(Duration.ofMillis(50))
        .pollInterval(Duration.ofMillis(250))
        .start();
    open.add(w);
    rewrite(file, policy("allow"));
    await("the rejection", () -> !rejections.isEmpty());
    assertThat(rejections.get(0)).contains("no allow here");
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.DENY);
    rewrite(file, policy("ask"));
    await("the reload despite the throwing listener", () -> w.policy().unknownTool() == Verdict.ASK);
  }

  @Test
  void reloadNowIsSynchronousAndCloseStopsWatching() throws Exception {
    PolicyWatcher w = PolicyWatcher.builder(List.of(file))
        .guardFactory(p -> AgentGuard.builder().policy(p).environment(env).build())
        .pollInterval(Duration.ofMinutes(10))
        .start();
    open.add(w);
    assertThat(w.reloadNow()).isFalse();
    w.close();
    w.close();
    Files.writeString(file, policy("allow"));
    assertThat(w.reloadNow()).isFalse();
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.DENY);
    assertThat(w.policySupplier().get()).isSameAs(w.policy());
  }

  @Test
  void aWorkspaceLayerIsOrderedAfterTheHostLayer() throws Exception {
    Path inWs = env.workspace().resolve("agent-guard.yaml");
    Files.writeString(inWs, policy("allow"));
    PolicyWatcher w = PolicyWatcher.builder(List.of(inWs, file)).workspace(env.workspace()).start();
    open.add(w);
    assertThat(w.policy().unknownTool()).isEqualTo(Verdict.DENY);
  }
}
