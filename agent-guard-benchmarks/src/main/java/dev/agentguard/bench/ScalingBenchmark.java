package dev.agentguard.bench;

import dev.agentguard.api.Access;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every check with 10, 1,000 and 10,000 rules of its kind (filesystem: that many roots and that many deny
 * globs; network: host rules, one in ten a CIDR range; commands: allow, ask and deny prefix rules), on the
 * same allowed inputs as the single-check benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScalingBenchmark {

  @Param({"10", "1000", "10000"})
  public int rules;

  public Path tree;
  public FileSystemCheck lexicalCheck;
  public FileSystemCheck realCheck;
  public NetworkCheck networkCheck;
  public CommandCheck commandCheck;
  public String lexicalPath;
  public String realPath;
  public final Resource.CommandExec simple = Resource.CommandExec.line(CommandBenchmark.SIMPLE);

  @Setup
  public void setup() {
    Policy policy = Policies.withRules(rules);
    tree = Fixtures.createTree();
    GuardEnvironment real = Fixtures.environment(tree);
    realCheck = new FileSystemCheck(policy.filesystem(), real);
    realPath = real.workspace().resolve(Fixtures.FILE).toString();
    Path absent = FileSystemBenchmark.ABSENT_WORKSPACE;
    lexicalCheck = new FileSystemCheck(policy.filesystem(),
        new GuardEnvironment(absent, absent.getParent(), absent.getParent()));
    lexicalPath = absent.resolve(Fixtures.FILE).toString();
    networkCheck = new NetworkCheck(policy.network(), Fixtures.publicResolver());
    commandCheck = new CommandCheck(policy.commands(), realCheck, GuardLimits.DEFAULTS);
  }

  @TearDown
  public void tearDown() {
    Fixtures.delete(tree);
  }

  @Benchmark
  public Decision filesystemLexical() {
    return lexicalCheck.check(lexicalPath, Access.READ, null);
  }

  @Benchmark
  public Decision filesystemRealPath() {
    return realCheck.check(realPath, Access.READ, null);
  }

  @Benchmark
  public Decision networkName() {
    return networkCheck.check(NetworkBenchmark.NAME_URL);
  }

  @Benchmark
  public Decision networkIpLiteral() {
    return networkCheck.check(NetworkBenchmark.IP_URL);
  }

  @Benchmark
  public Decision commandSimple() {
    return commandCheck.check(simple, null);
  }
}
