package dev.agentguard.test;

import static dev.agentguard.test.GuardAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AgentGuardExtensionTest {

  /** Every workspace handed out, checked for deletion after all tests. */
  static final List<Path> WORKSPACES = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final AgentGuardExtension KIT = AgentGuardExtension.withPolicy("policies/kit-policy.yaml")
      .host("api.github.com", "140.82.112.5")
      .host("rebind.example.com", "10.0.0.7")
      .clockAt(Instant.parse("2026-03-01T12:00:00Z"))
      .workspaceFile("README.md", "# hello")
      .customize((builder, fixture) -> fixture.writeFile("src/Main.java", "class Main {}"));

  @AfterAll
  static void workspacesAreDeleted() {
    assertThat(WORKSPACES).isNotEmpty();
    for (Path ws : WORKSPACES) {
      assertThat(ws).doesNotExist();
      assertThat(ws.getParent()).doesNotExist();
    }
  }

  @BeforeEach
  void lifecycleMethodsSeeTheSameFixture(Path workspace, GuardFixture fixture) {
    assertThat(workspace).isEqualTo(fixture.workspace());
  }

  @Test
  void injectsEverything(AgentGuard guard, Path workspace, FakeClock clock, RecordingListener events,
      ScriptedApprover approver, StaticHostResolver dns, GuardEnvironment env, GuardFixture fixture,
      @TempDir Path junitTemp) {
    WORKSPACES.add(workspace);
    org.assertj.core.api.Assertions.assertThat(fixture.guard()).isSameAs(guard);
    assertThat(guard.environment()).isEqualTo(env);
    assertThat(env.workspace()).isEqualTo(workspace);
    assertThat(env.home()).isEqualTo(fixture.home()).isNotEqualTo(Path.of(System.getProperty("user.home")));
    assertThat(workspace.resolve("README.md")).hasContent("# hello");
    assertThat(workspace.resolve("src/Main.java")).exists();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(fixture.listener()).isSameAs(events);
    assertThat(fixture.approver()).isSameAs(approver);
    assertThat(dns.table()).containsKeys("api.github.com", "rebind.example.com");
    assertThat(junitTemp).isNotEqualTo(workspace);
  }

  @Test
  void theGuardUsesThePolicyTheDnsAndTheClock(AgentGuard guard, Path workspace, FakeClock clock,
      RecordingListener events) throws Exception {
    WORKSPACES.add(workspace);
    assertThat(guard).allows(ToolCalls.readFile("README.md"));
    assertThat(guard).allows(ToolCalls.fetch("https://api.github.com/repos"));
    assertThat(guard).denies(ToolCalls.fetch("https://rebind.example.com/")).byRule("network.private-address");
    assertThat(guard).denies(ToolCalls.fetch("https://unknown.example.com/")).byRule("network.resolution-failed");
    clock.advance(java.time.Duration.ofMinutes(1));
    guard.wrap(call -> ToolResult.of("ok")).execute(ToolCalls.readFile("README.md").build());
    assertThat(events.events(GuardEvent.CallStarted.class).get(0).timestamp())
        .isEqualTo(Instant.parse("2026-03-01T12:01:00Z"));
  }

  @Test
  void eachTestGetsAFreshWorkspace(Path workspace) throws Exception {
    WORKSPACES.add(workspace);
    assertThat(workspace.resolve("leftover.txt")).doesNotExist();
    Files.writeString(workspace.resolve("leftover.txt"), "x");
  }

  @Test
  void eachTestGetsAFreshWorkspaceToo(Path workspace) throws Exception {
    WORKSPACES.add(workspace);
    assertThat(workspace.resolve("leftover.txt")).doesNotExist();
    Files.writeString(workspace.resolve("leftover.txt"), "x");
    Files.createDirectories(workspace.resolve("read-only/dir"));
    workspace.resolve("read-only").toFile().setWritable(false);
  }

  @Nested
  class NestedTests {
    @Test
    void nestedTestsGetAGuardToo(AgentGuard guard, Path workspace) {
      WORKSPACES.add(workspace);
      assertThat(guard).denies(ToolCalls.readFile(".env")).byRule("filesystem.deny-glob");
    }
  }

  @Nested
  @ExtendWith(AgentGuardExtension.class)
  @GuardPolicy(value = "classpath:policies/kit-policy.yaml", hosts = "ok.example.com=93.184.216.34")
  class AnnotatedPolicy {
    @Test
    void theAnnotationNamesThePolicyAndHosts(AgentGuard guard) {
      assertThat(guard).allows(ToolCalls.fetch("https://ok.example.com:8443/"));
    }
  }
}
