package dev.agentguard.bench;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The filesystem check with the typical policy (10 roots, 10 deny globs). The check has no lexical-only mode:
 * it always resolves the real path with one {@code lstat} per existing segment. "lexical" is the nearest case:
 * a workspace that does not exist on disk, so resolution stops after one failed {@code lstat} and the rest is
 * folded lexically. "real" resolves a file six segments deep in a real temporary tree; "symlink" goes through
 * a link in it. Baselines: the JDK's own {@code Path.toRealPath()} of the same file, and one {@code lstat}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FileSystemBenchmark {

  /** A workspace path that does not exist, so nothing below its first segment is looked up on disk. */
  public static final Path ABSENT_WORKSPACE = Path.of("/agent-guard-bench-absent/ws");

  public Path tree;
  public Path realFile;
  public Path lexicalFile;
  public FileSystemCheck lexicalCheck;
  public FileSystemCheck realCheck;
  public String lexicalPath;
  public String realPath;
  public String symlinkPath;

  @Setup
  public void setup() {
    tree = Fixtures.createTree();
    GuardEnvironment real = Fixtures.environment(tree);
    realCheck = new FileSystemCheck(Policies.typical().filesystem(), real);
    realFile = real.workspace().resolve(Fixtures.FILE);
    realPath = realFile.toString();
    symlinkPath = real.workspace().resolve("link/main/java/dev/example/App.java").toString();
    GuardEnvironment absent = new GuardEnvironment(ABSENT_WORKSPACE, ABSENT_WORKSPACE.getParent(),
        ABSENT_WORKSPACE.getParent());
    lexicalCheck = new FileSystemCheck(Policies.typical().filesystem(), absent);
    lexicalFile = ABSENT_WORKSPACE.resolve(Fixtures.FILE);
    lexicalPath = lexicalFile.toString();
  }

  @TearDown
  public void tearDown() {
    Fixtures.delete(tree);
  }

  @Benchmark
  public Path baselineJdkToRealPath() throws IOException {
    return realFile.toRealPath();
  }

  /** One {@code lstat} of the file: the unit of the check's real-path cost on this machine. */
  @Benchmark
  public BasicFileAttributes baselineJdkLstat() throws IOException {
    return Files.readAttributes(realFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * One {@code lstat} of a path that does not exist, as the "lexical" case makes: the syscall and the
   * {@code NoSuchFileException} the JDK throws for it. {@code lexical} minus this is the check's own work.
   */
  @Benchmark
  public Object baselineJdkLstatMissing() {
    try {
      return Files.readAttributes(lexicalFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return e;
    }
  }

  @Benchmark
  public Decision lexical() {
    return lexicalCheck.check(lexicalPath, Access.READ, null);
  }

  @Benchmark
  public Decision realPath() {
    return realCheck.check(realPath, Access.READ, null);
  }

  @Benchmark
  public Decision realPathThroughSymlink() {
    return realCheck.check(symlinkPath, Access.READ, null);
  }
}
