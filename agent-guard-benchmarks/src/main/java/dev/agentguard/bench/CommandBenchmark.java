package dev.agentguard.bench;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
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
 * The command check with the typical policy (git status, ls, wc allowed): a simple command, a compound one
 * with a pipe, and a {@code bash -lc} script that is checked inside. The baseline splits the simple line on
 * spaces, the least any launcher does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandBenchmark {

  public static final String SIMPLE = "git status";
  public static final String COMPOUND = "git status && ls -la | wc -l";
  public static final String BASH_LC = "bash -lc 'git status && ls -la | wc -l'";

  public Path tree;
  public CommandCheck check;
  public final Resource.CommandExec simple = Resource.CommandExec.line(SIMPLE);
  public final Resource.CommandExec compound = Resource.CommandExec.line(COMPOUND);
  public final Resource.CommandExec bashLc = Resource.CommandExec.line(BASH_LC);

  @Setup
  public void setup() {
    tree = Fixtures.createTree();
    Policy policy = Policies.typical();
    FileSystemCheck files = new FileSystemCheck(policy.filesystem(), Fixtures.environment(tree));
    check = new CommandCheck(policy.commands(), files, GuardLimits.DEFAULTS);
  }

  @TearDown
  public void tearDown() {
    Fixtures.delete(tree);
  }

  @Benchmark
  public String[] baselineSplit() {
    return SIMPLE.split(" ");
  }

  @Benchmark
  public Decision simple() {
    return check.check(simple, null);
  }

  @Benchmark
  public Decision compound() {
    return check.check(compound, null);
  }

  @Benchmark
  public Decision bashLc() {
    return check.check(bashLc, null);
  }
}
