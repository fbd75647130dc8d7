package dev.agentguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark's set-up and body once and checks the verdict, so a benchmark meant to measure the allow
 * path cannot silently measure a DENY (or an ASK). No timing here.
 */
class BenchmarkSetupTest {

  @Test
  void chainReturnsTheToolsResult() throws Exception {
    ChainBenchmark b = new ChainBenchmark();
    ChainBenchmark.Tool tool = new ChainBenchmark.Tool();
    tool.setup();
    for (int n : new int[] {0, 1, 4, 16}) {
      ChainBenchmark.Chain chain = new ChainBenchmark.Chain();
      chain.interceptors = n;
      chain.setup(tool);
      assertThat(b.chain(tool, chain).content()).isEqualTo("ok");
    }
    assertThat(b.baselineDirectExecutor(tool)).isSameAs(tool.result);
  }

  @Test
  void filesystemBenchmarksAllow() throws Exception {
    FileSystemBenchmark b = new FileSystemBenchmark();
    b.setup();
    try {
      assertAllowed(b.lexical(), "filesystem.root");
      assertAllowed(b.realPath(), "filesystem.root");
      assertAllowed(b.realPathThroughSymlink(), "filesystem.root");
      assertThat(b.baselineJdkToRealPath()).isEqualTo(b.realFile);
      assertThat(b.baselineJdkLstat().isRegularFile()).isTrue();
      assertThat(b.baselineJdkLstatMissing()).isInstanceOf(java.nio.file.NoSuchFileException.class);
      assertThat(Files.exists(FileSystemBenchmark.ABSENT_WORKSPACE)).isFalse();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void networkBenchmarksAllowNamesAndLiteralsAndDenyTheEncodedAddress() {
    NetworkBenchmark b = new NetworkBenchmark();
    b.setup();
    assertAllowed(b.name(), "network.allow");
    assertAllowed(b.ipLiteral(), "network.allow");
    assertThat(b.encodedIpDenied().verdict()).isEqualTo(Verdict.DENY);
    assertThat(b.baselineJdkUriParse()).isEqualTo("api.github.com");
  }

  @Test
  void commandBenchmarksAllow() {
    CommandBenchmark b = new CommandBenchmark();
    b.setup();
    try {
      assertThat(b.simple().verdict()).as(b.simple().toString()).isEqualTo(Verdict.ALLOW);
      assertThat(b.compound().verdict()).as(b.compound().toString()).isEqualTo(Verdict.ALLOW);
      assertThat(b.bashLc().verdict()).as(b.bashLc().toString()).isEqualTo(Verdict.ALLOW);
    } finally {
      b.tearDown();
    }
  }

  @ParameterizedTest
  @CsvSource({"absent,real", "apiNoop,real", "sdk,real", "absent,absent", "apiNoop,absent", "sdk,absent"})
  void wholeGuardAllowsAndRunsTheTool(String telemetry, String workspace) throws Exception {
    GuardBenchmark b = new GuardBenchmark();
    GuardBenchmark.Tool tool = new GuardBenchmark.Tool();
    GuardBenchmark.Guarded g = new GuardBenchmark.Guarded();
    g.telemetry = telemetry;
    g.workspace = workspace;
    g.setup(tool);
    try {
      assertThat(b.evaluateOnly(g).verdict()).as(b.evaluateOnly(g).toString()).isEqualTo(Verdict.ALLOW);
      assertThat(b.wrapped(g)).isSameAs(tool.result);
      if (telemetry.equals("sdk")) {
        assertThat(g.exporter.getFinishedSpanItems()).hasSize(1);
      }
      assertThat(b.wrappedTwoThreads(g)).isSameAs(tool.result);
    } finally {
      g.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fetch", "shell"})
  void guardOverheadMeasuresAnAllowedCallAndTheSameChecks(String tool) throws Exception {
    GuardOverheadBenchmark b = new GuardOverheadBenchmark();
    GuardOverheadBenchmark.Guarded g = new GuardOverheadBenchmark.Guarded();
    g.tool = tool;
    g.setup();
    try {
      dev.agentguard.api.Evaluation whole = g.guard.evaluate(g.call);
      assertThat(whole.verdict()).as(whole.toString()).isEqualTo(Verdict.ALLOW);
      // The checks measured alone decide exactly what the guard's evaluation holds.
      assertThat(GuardOverheadBenchmark.decisions(g)).isEqualTo(whole.decisions());
      assertThat(b.wrapped(g)).isSameAs(g.result);
      assertThat(b.wrappedTwoThreads(g)).isSameAs(g.result);
      assertThat(b.baselineDirectExecutor(g)).isSameAs(g.result);
    } finally {
      g.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 1000, 10000})
  void scaledChecksAllow(int rules) {
    ScalingBenchmark b = new ScalingBenchmark();
    b.rules = rules;
    b.setup();
    try {
      assertAllowed(b.filesystemLexical(), "filesystem.root");
      assertAllowed(b.filesystemRealPath(), "filesystem.root");
      assertAllowed(b.networkName(), "network.allow");
      assertAllowed(b.networkIpLiteral(), "network.allow");
      assertThat(b.commandSimple().verdict()).isEqualTo(Verdict.ALLOW);
      Policy p = Policies.withRules(rules);
      assertThat(p.filesystem().roots()).hasSize(rules);
      assertThat(p.filesystem().deny()).hasSize(rules);
      assertThat(p.network().allow()).hasSize(rules);
      assertThat(p.commands().rules()).hasSize(rules);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void generatedPolicyFileLoadsWithTenThousandRules() throws Exception {
    PolicyLoadBenchmark b = new PolicyLoadBenchmark();
    b.setup();
    try {
      Policy p = b.load();
      int total = p.filesystem().roots().size() + p.filesystem().deny().size() + p.network().allow().size()
          + p.commands().rules().size();
      assertThat(total).isEqualTo(PolicyLoadBenchmark.RULES);
      assertThat(b.baselineJacksonYamlTree().isObject()).isTrue();
    } finally {
      b.tearDown();
    }
    assertThat(Files.exists(Path.of(b.file.toString()))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"read_file", "shell"})
  void enforcementStepAllowsAndRunsTheTool(String call) throws Exception {
    EnforcementBenchmark b = new EnforcementBenchmark();
    b.call = call;
    b.setup();
    try {
      assertThat(b.checksOnly().verdict()).as(b.checksOnly().toString()).isEqualTo(Verdict.ALLOW);
      assertThat(b.enforced().content()).isEqualTo("ok");
      assertThat(b.baselineDirectExecutor().content()).isEqualTo("ok");
    } finally {
      b.tearDown();
    }
  }

  private static void assertAllowed(Decision d, String rule) {
    assertThat(d.verdict()).as(d.toString()).isEqualTo(Verdict.ALLOW);
    assertThat(d.rule()).as(d.toString()).isEqualTo(rule);
  }
}
