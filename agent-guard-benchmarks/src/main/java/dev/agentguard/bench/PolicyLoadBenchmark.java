package dev.agentguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * Loading a YAML policy file of 10,000 rules (2,500 each of roots, deny globs, hosts and command rules),
 * generated into a temporary file. The baseline reads the same file into a Jackson YAML tree, the parse any
 * loader pays before validating.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PolicyLoadBenchmark {

  /** Rules in the generated file. */
  public static final int RULES = 10_000;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public Path file;

  @Setup
  public void setup() {
    try {
      file = Files.createTempFile("agent-guard-bench-policy", ".yaml");
      Files.writeString(file, generate(RULES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  /** A valid policy file with {@code rules} rules, a quarter of each kind. */
  public static String generate(int rules) {
    int each = rules / 4;
    StringBuilder y = new StringBuilder(rules * 64);
    y.append("version: 1\nmode: enforce\ndefaults:\n  unknownTool: ask\nfilesystem:\n  roots:\n");
    for (String r : Fixtures.roots(each)) {
      y.append("    - { path: \"").append(r).append("\", access: read-write }\n");
    }
    y.append("  deny:\n");
    for (String g : Fixtures.denyGlobs(each)) {
      y.append("    - \"").append(g).append("\"\n");
    }
    y.append("  outsideRoots: deny\nnetwork:\n  schemes: [https]\n  allow:\n");
    for (String[] h : Fixtures.hostRules(each)) {
      y.append("    - { ").append(h[0]).append(": \"").append(h[1]).append("\" }\n");
    }
    y.append("  outside: deny\ncommands:\n  rules:\n");
    for (String[] c : Fixtures.commandRules(each)) {
      y.append("    - { prefix: [");
      for (int i = 1; i < c.length; i++) {
        y.append(i > 1 ? ", " : "").append('"').append(c[i]).append('"');
      }
      y.append("], decision: ").append(c[0]).append(" }\n");
    }
    y.append("  default: ask\ntools:\n");
    y.append("  read_file:  { resources: [ { kind: file, access: read, pointer: /path } ] }\n");
    y.append("  fetch:      { resources: [ { kind: url, pointer: /url } ] }\n");
    y.append("  shell:      { resources: [ { kind: command, pointer: /command } ] }\n");
    return y.toString();
  }

  @Benchmark
  public JsonNode baselineJacksonYamlTree() throws IOException {
    return YAML.readTree(Files.readString(file));
  }

  @Benchmark
  public Policy load() throws Exception {
    return PolicyLoader.load(file);
  }
}
