package dev.agentguard.test;

import dev.agentguard.api.ToolExecutor;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One test's guard and everything around it: a temporary directory holding the workspace, a home and a tmp
 * directory; the fake clock; the static host resolver; the recording listener; the scripted approver; and the
 * guard built from them. Made by the {@link AgentGuardExtension} before each test and deleted after it, or by
 * {@link #create} in code (then close it). Thread-safe.
 *
 * <p>The layout: {@code BASE/workspace} (the guard's {@code ${workspace}}), {@code BASE/home} ({@code ${home}},
 * {@code ~}) and {@code BASE/tmp} ({@code ${tmp}}); real paths, so symbolic links in the system's temporary
 * directory do not surprise path assertions.
 */
public final class GuardFixture implements AutoCloseable {

  private final Path base;
  private final GuardEnvironment environment;
  private final FakeClock clock;
  private final StaticHostResolver resolver;
  private final RecordingListener listener;
  private final ScriptedApprover approver;
  private volatile AgentGuard guard;
  private volatile boolean closed;

  private GuardFixture(Path base, FakeClock clock, StaticHostResolver resolver) throws IOException {
    this.base = base;
    Path ws = Files.createDirectories(base.resolve("workspace"));
    Path home = Files.createDirectories(base.resolve("home"));
    Path tmp = Files.createDirectories(base.resolve("tmp"));
    this.environment = new GuardEnvironment(ws, home, tmp);
    this.clock = clock;
    this.resolver = resolver;
    this.listener = new RecordingListener();
    this.approver = ScriptedApprover.create();
  }

  /**
   * Creates the directories and builds the guard: the builder gets the environment, {@code resolver}, the
   * clock, the listener and the approver, then {@code customizer} runs, then the guard is built.
   *
   * @param policy the policy, or {@code null} for {@link Policy#denyAll()}
   * @param clock the test's clock
   * @param resolver the test's DNS
   * @param customizer adjusts the builder last
   * @return the fixture, holding the built guard; close it to delete the workspace
   * @throws Exception if a directory cannot be made or the customizer fails; nothing is left behind then
   */
  public static GuardFixture create(
      Policy policy,
      FakeClock clock,
      StaticHostResolver resolver,
      GuardCustomizer customizer)
      throws Exception {
    Objects.requireNonNull(clock, "clock must not be null");
    Objects.requireNonNull(resolver, "resolver must not be null");
    Objects.requireNonNull(customizer, "customizer must not be null");
    Path base = Files.createTempDirectory("agent-guard-test-").toRealPath();
    GuardFixture fixture = null;
    try {
      fixture = new GuardFixture(base, clock, resolver);
      AgentGuard.Builder builder = AgentGuard.builder()
          .environment(fixture.environment)
          .hostResolver(resolver)
          .clock(clock)
          .listener(fixture.listener)
          .approver(fixture.approver);
      if (policy != null) {
        builder.policy(policy);
      }
      customizer.customize(builder, fixture);
      fixture.guard = builder.build();
      return fixture;
    } catch (Exception | Error e) {
      deleteTree(base);
      throw e;
    }
  }

  /**
   * The guard.
   *
   * @return the guard
   * @throws IllegalStateException while the guard is still being built (inside a {@link GuardCustomizer})
   */
  public AgentGuard guard() {
    AgentGuard g = guard;
    if (g == null) {
      throw new IllegalStateException("the guard is still being built: use the builder inside a customizer");
    }
    return g;
  }

  /**
   * The guarded form of {@code executor}: {@code guard().wrap(executor)}.
   *
   * @param executor the tool to guard
   * @return the guarded form of {@code executor}: {@code guard().wrap(executor)}
   */
  public ToolExecutor wrap(ToolExecutor executor) {
    return guard().wrap(Objects.requireNonNull(executor, "executor must not be null"));
  }

  /**
   * The workspace: {@code ${workspace}}, and where relative paths in calls resolve.
   *
   * @return the workspace: {@code ${workspace}}, and where relative paths in calls resolve
   */
  public Path workspace() {
    return environment.workspace();
  }

  /**
   * The home directory: {@code ${home}} and {@code ~}.
   *
   * @return the home directory: {@code ${home}} and {@code ~}
   */
  public Path home() {
    return environment.home();
  }

  /**
   * The temporary directory: {@code ${tmp}}.
   *
   * @return the temporary directory: {@code ${tmp}}
   */
  public Path tmp() {
    return environment.tmp();
  }

  /**
   * The environment the guard was built with.
   *
   * @return the environment the guard was built with
   */
  public GuardEnvironment environment() {
    return environment;
  }

  /**
   * The guard's clock.
   *
   * @return the guard's clock
   */
  public FakeClock clock() {
    return clock;
  }

  /**
   * The guard's DNS.
   *
   * @return the guard's DNS
   */
  public StaticHostResolver resolver() {
    return resolver;
  }

  /**
   * The listener that records every event of the guard.
   *
   * @return the listener that records every event of the guard
   */
  public RecordingListener listener() {
    return listener;
  }

  /**
   * The guard's approver (deny anything unscripted).
   *
   * @return the guard's approver (deny anything unscripted)
   */
  public ScriptedApprover approver() {
    return approver;
  }

  /**
   * Writes {@code content} to {@code relative} inside the workspace, creating parent directories, and returns
   * the file's path.
   *
   * @param relative the file's path relative to the workspace
   * @param content the text to write, as UTF-8
   * @return the written file's absolute path
   * @throws IllegalArgumentException if {@code relative} leaves the workspace
   */
  public Path writeFile(String relative, String content) {
    Objects.requireNonNull(relative, "relative must not be null");
    Objects.requireNonNull(content, "content must not be null");
    Path file = workspace().resolve(relative).normalize();
    if (!file.startsWith(workspace())) {
      throw new IllegalArgumentException("'" + relative + "' is outside the workspace");
    }
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the temporary directories. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    deleteTree(base);
  }

  @Override
  public String toString() {
    return "GuardFixture{workspace=" + workspace() + "}";
  }

  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          dir.toFile().setWritable(true, true);
          dir.toFile().setExecutable(true, true);
          dir.toFile().setReadable(true, true);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test directory " + root, e);
    }
  }

  private static void delete(Path p) throws IOException {
    try {
      Files.deleteIfExists(p);
    } catch (AccessDeniedException e) {
      Path parent = p.getParent();
      if (parent != null) {
        parent.toFile().setWritable(true, true);
      }
      Files.deleteIfExists(p);
    }
  }
}
