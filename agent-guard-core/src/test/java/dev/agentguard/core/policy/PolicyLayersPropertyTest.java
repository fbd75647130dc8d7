package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Access;
import dev.agentguard.api.CallContext;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor.ResourceSpec;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.fs.FileSystemRules.RootAccess;
import dev.agentguard.core.net.HostResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Layering never loosens: for random base and overlay policies, the composed policy never allows a call the
 * base denies, never allows without asking what the base asks, and never stops enforcing what the base enforces.
 */
class PolicyLayersPropertyTest {

  private static Path root;
  private static GuardEnvironment env;
  private static List<ToolCall> calls;

  private static final HostResolver RESOLVER = HostResolver.fixed(Map.of(
      "api.example.com", List.of("93.184.216.34"),
      "x.api.example.com", List.of("93.184.216.35"),
      "other.org", List.of("1.1.1.1"),
      "unknown.net", List.of("8.8.8.8"),
      "intranet.example.com", List.of("10.20.0.5")));

  @BeforeContainer
  static void createWorkspace() throws IOException {
    root = Files.createTempDirectory("layers").toRealPath();
    Path ws = Files.createDirectories(root.resolve("ws"));
    Files.createDirectories(ws.resolve("a/b"));
    Files.createDirectories(ws.resolve("c"));
    Files.createDirectories(ws.resolve("d"));
    Files.createDirectories(root.resolve("out/x"));
    Files.createSymbolicLink(ws.resolve("link"), root.resolve("out"));
    Path home = Files.createDirectories(root.resolve("home"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    env = new GuardEnvironment(ws, home, tmp);
    calls = calls(ws);
  }

  @AfterContainer
  static void deleteWorkspace() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static List<ToolCall> calls(Path ws) {
    List<ToolCall> out = new ArrayList<>();
    List<String> paths = List.of(ws.resolve("f").toString(), ws.resolve("a/f").toString(),
        ws.resolve("a/b/f").toString(), ws.resolve("c/f").toString(), ws.resolve("d/f").toString(),
        ws.resolve("secret.txt").toString(), ws.resolve(".env").toString(), root.resolve("out/x/f").toString(),
        ws.resolve("link/x/f").toString(),
        root.resolve("elsewhere").toString(), "rel.txt", ws.resolve("a").toString());
    for (String p : paths) {
      out.add(ToolCall.of("read_file", "{\"path\":\"" + p + "\"}"));
      out.add(ToolCall.of("write_file", "{\"path\":\"" + p + "\"}"));
    }
    out.add(ToolCall.of("copy", "{\"from\":\"" + ws.resolve("a/f") + "\",\"to\":[\"" + ws.resolve("c/f") + "\"]}"));
    for (String url : List.of("https://api.example.com/", "https://api.example.com:8443/x",
        "https://x.api.example.com/", "http://api.example.com/", "https://other.org/", "https://10.1.2.3/",
        "https://10.20.1.1:8443/", "https://unknown.net/", "https://intranet.example.com/",
        "http://169.254.169.254/")) {
      out.add(ToolCall.of("fetch", "{\"url\":\"" + url + "\"}"));
    }
    for (String cmd : List.of("git status", "git push origin main", "rm -rf build", "ls -la", "git status && ls",
        "echo hi > " + ws.resolve("c/out.txt"), "cat " + ws.resolve("a/f"))) {
      out.add(ToolCall.of("shell", "{\"command\":\"" + cmd + "\"}"));
    }
    out.add(ToolCall.of("deploy_prod", "{}"));
    out.add(ToolCall.of("sql", "{\"query\":\"DROP TABLE t\"}"));
    out.add(ToolCall.of("sql", "{\"query\":\"select 1\"}"));
    out.add(ToolCall.of("mystery", "{}"));
    out.add(ToolCall.of("status", "{}"));
    out.add(ToolCall.of("read_file", "{\"path\":\"f\"}",
        CallContext.builder().workingDirectory(ws.resolve("a").toString()).build()));
    return out;
  }

  @Property(tries = 300)
  void composedPolicyIsNeverLooserThanTheBase(@ForAll("policies") Policy base, @ForAll("policies") Policy overlay) {
    ComposedPolicy composed = ComposedPolicy.compose(List.of(base, overlay), List.of("base", "overlay"), env);
    assertNeverLooser(base, composed.policy());
  }

  @Property(tries = 100)
  void threeLayersAreNeverLooserThanAnyEarlierLayer(@ForAll("policies") Policy org, @ForAll("policies") Policy project,
      @ForAll("policies") Policy user) {
    ComposedPolicy composed = ComposedPolicy.compose(List.of(org, project, user), List.of("org", "project", "user"), env);
    assertNeverLooser(org, composed.policy());
    ComposedPolicy firstTwo = ComposedPolicy.compose(List.of(org, project), List.of("org", "project"), env);
    assertNeverLooser(firstTwo.policy(), composed.policy());
  }

  @Property(tries = 150)
  void loosenAttemptsAreReported(@ForAll("policies") Policy base, @ForAll("policies") Policy overlay) {
    ComposedPolicy composed = ComposedPolicy.compose(List.of(base, overlay), List.of("base", "overlay"));
    boolean loosens = overlay.rules().stream().anyMatch(r -> r.decision() == Verdict.ALLOW)
        || overlay.commands().rules().stream().anyMatch(r -> r.decision() == Verdict.ALLOW)
        || base.unknownTool().isStricterThan(overlay.unknownTool())
        || base.filesystem().outsideRoots().isStricterThan(overlay.filesystem().outsideRoots())
        || base.commands().defaultDecision().isStricterThan(overlay.commands().defaultDecision())
        || base.mode() == Mode.ENFORCE && overlay.mode() == Mode.AUDIT;
    if (loosens) {
      assertThat(composed.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w).startsWith("overlay: "));
    }
    // the base alone composes to itself
    assertThat(ComposedPolicy.compose(List.of(base), List.of("base")).policy()).isEqualTo(base);
  }

  private static void assertNeverLooser(Policy base, Policy composed) {
    if (base.mode() == Mode.ENFORCE) {
      assertThat(composed.mode()).isEqualTo(Mode.ENFORCE);
    }
    AgentGuard b = guard(base);
    AgentGuard c = guard(composed);
    for (ToolCall call : calls) {
      var be = b.evaluate(call);
      var ce = c.evaluate(call);
      Verdict bv = be.verdict();
      Verdict cv = ce.verdict();
      String why = call.toolName() + " " + call.argumentsJson() + ": base " + be.decision() + ", composed "
          + ce.decision() + "\nbase: " + base + "\ncomposed: " + composed;
      if (bv == Verdict.DENY) {
        assertThat(cv).as(why).isEqualTo(Verdict.DENY);
      } else if (bv == Verdict.ASK) {
        assertThat(cv).as(why).isNotEqualTo(Verdict.ALLOW);
      }
      assertThat(ce.decision().rule()).isNotBlank();
      assertThat(ce.decision().reason()).isNotBlank();
    }
  }

  private static AgentGuard guard(Policy p) {
    return AgentGuard.builder().policy(p).environment(env).hostResolver(RESOLVER).build();
  }

  // --- generators -----------------------------------------------------------------------------------

  private static final List<String> ROOTS = List.of("${workspace}", "${workspace}/a", "${workspace}/a/b",
      "${workspace}/c", "ROOT/out", "ROOT", "${workspace}/link");
  private static final List<String> DENY = List.of("**/secret*", "${workspace}/a/b/**", "**/.env", "**/c/**");
  private static final List<List<String>> PREFIXES = List.of(List.of("git", "status"), List.of("git"),
      List.of("rm", "-rf"), List.of("ls"), List.of("git", "push"), List.of("echo"), List.of("cat"));
  private static final List<String> HOSTS = List.of("api.example.com", "*.example.com", "*", "other.org",
      "x.api.example.com", "intranet.example.com");
  private static final List<List<Integer>> PORTS = List.of(List.of(), List.of(443), List.of(443, 8443),
      List.of(8443));
  private static final List<String> TOOL_PATTERNS = List.of("deploy_*", "sql", "read_file", "mystery", "*",
      "write_file", "status");

  private static final Map<String, ToolDescriptor> DESCRIPTORS = Map.of(
      "read_file", new ToolDescriptor("read_file", List.of(new ResourceSpec(ResourceKind.FILE, "/path", Access.READ))),
      "write_file", new ToolDescriptor("write_file",
          List.of(new ResourceSpec(ResourceKind.FILE, "/path", Access.WRITE))),
      "fetch", new ToolDescriptor("fetch", List.of(new ResourceSpec(ResourceKind.URL, "/url", null))),
      "shell", new ToolDescriptor("shell", List.of(new ResourceSpec(ResourceKind.COMMAND, "/command", null))),
      "copy", new ToolDescriptor("copy", List.of(new ResourceSpec(ResourceKind.FILE, "/from", Access.READ),
          new ResourceSpec(ResourceKind.FILE, "/to/*", Access.WRITE))));

  private static Arbitrary<Verdict> verdicts() {
    return Arbitraries.of(Verdict.values());
  }

  private static Arbitrary<Verdict> denyOrAsk() {
    return Arbitraries.of(Verdict.DENY, Verdict.ASK);
  }

  @Provide
  Arbitrary<Policy> policies() {
    Arbitrary<List<int[]>> roots = Combinators.combine(Arbitraries.integers().between(0, ROOTS.size() - 1),
        Arbitraries.integers().between(0, 1)).as((i, a) -> new int[] {i, a}).list().ofMaxSize(3);
    Arbitrary<List<String>> deny = Arbitraries.of(DENY).set().ofMaxSize(2).map(ArrayList::new);
    Arbitrary<List<Object[]>> hosts = Combinators.combine(Arbitraries.integers().between(0, HOSTS.size() + 1),
        Arbitraries.integers().between(0, PORTS.size() - 1)).as((h, p) -> new Object[] {h, p}).list().ofMaxSize(3);
    Arbitrary<List<Object[]>> commandRules = Combinators.combine(
        Arbitraries.integers().between(0, PREFIXES.size() - 1), verdicts()).as((p, v) -> new Object[] {p, v})
        .list().ofMaxSize(3);
    Arbitrary<List<String>> descriptors = Arbitraries.of(List.copyOf(DESCRIPTORS.keySet())).set().ofMaxSize(5)
        .map(s -> s.stream().sorted().toList());
    Arbitrary<List<Object[]>> toolRules = Combinators.combine(
        Arbitraries.integers().between(0, TOOL_PATTERNS.size() - 1), Arbitraries.of(true, false), verdicts())
        .as((t, cond, v) -> new Object[] {t, cond, v}).list().ofMaxSize(3);
    Arbitrary<Object[]> scalars = Combinators.combine(Arbitraries.of(Mode.values()), verdicts(), denyOrAsk(),
        denyOrAsk(), verdicts(), Arbitraries.of(List.of("https"), List.of("https", "http"), List.of("http")),
        Arbitraries.of(true, false))
        .as((mode, unknown, outsideRoots, netOutside, cmdDefault, schemes, protect) -> new Object[] {mode, unknown,
            outsideRoots, netOutside, cmdDefault, schemes, protect});
    return Combinators.combine(scalars, roots, deny, hosts, commandRules, descriptors, toolRules)
        .as(PolicyLayersPropertyTest::build);
  }

  @SuppressWarnings("unchecked")
  private static Policy build(Object[] s, List<int[]> roots, List<String> deny, List<Object[]> hosts,
      List<Object[]> commandRules, List<String> descriptors, List<Object[]> toolRules) {
    Policy.Builder b = Policy.builder()
        .mode((Mode) s[0])
        .unknownTool((Verdict) s[1])
        .outsideRoots((Verdict) s[2])
        .networkOutside((Verdict) s[3])
        .commandDefault((Verdict) s[4])
        .schemes(((List<String>) s[5]).toArray(String[]::new));
    if ((Boolean) s[6]) {
      b.protectPath("**/d/**");
    }
    for (int[] r : roots) {
      b.root(ROOTS.get(r[0]).replace("ROOT", root.toString()), r[1] == 0 ? RootAccess.READ : RootAccess.READ_WRITE);
    }
    deny.forEach(b::denyPath);
    for (Object[] h : hosts) {
      int i = (Integer) h[0];
      Integer[] ports = PORTS.get((Integer) h[1]).toArray(Integer[]::new);
      if (i < HOSTS.size()) {
        b.allowHost(HOSTS.get(i), ports);
      } else {
        b.allowCidr(i == HOSTS.size() ? "10.0.0.0/8" : "10.20.0.0/16", ports);
      }
    }
    for (Object[] c : commandRules) {
      b.commandRule(CommandRule.of(PREFIXES.get((Integer) c[0]), (Verdict) c[1]));
    }
    descriptors.forEach(d -> b.tool(DESCRIPTORS.get(d)));
    int id = 0;
    for (Object[] t : toolRules) {
      String pattern = TOOL_PATTERNS.get((Integer) t[0]);
      ToolRule.ArgumentCondition cond = (Boolean) t[1] ? new ToolRule.ArgumentCondition("/query", "(?i)drop")
          : null;
      b.rule(new ToolRule("r" + id++, pattern, cond, (Verdict) t[2], "", List.of(), List.of()));
    }
    return b.build();
  }
}
