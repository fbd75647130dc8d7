package dev.agentguard.test;

import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that gives every test its own guard: built from a policy file (or a {@link Policy}, or
 * only a builder customiser), over a temporary workspace that is deleted after the test, with a static
 * {@link StaticHostResolver DNS table} (unknown names fail to resolve), a {@link FakeClock}, a
 * {@link RecordingListener} and a {@link ScriptedApprover}. Test and lifecycle methods receive them as
 * parameters: {@link AgentGuard}, {@link Path} (the workspace; parameters annotated {@code @TempDir} are left to
 * JUnit), {@link FakeClock}, {@link RecordingListener}, {@link ScriptedApprover}, {@link StaticHostResolver},
 * {@link GuardEnvironment} and {@link GuardFixture}.
 *
 * <pre>{@code
 * class MyAgentTest {
 *   @RegisterExtension
 *   static final AgentGuardExtension GUARD = AgentGuardExtension.withPolicy("agent-guard.yaml")
 *       .host("api.github.com", "140.82.112.5");
 *
 *   @Test
 *   void neverReadsDotEnv(AgentGuard guard) {
 *     assertThat(guard).denies(ToolCalls.readFile(".env")).byRule("filesystem.deny-glob");
 *   }
 * }
 * }</pre>
 *
 * <p>Or {@code @ExtendWith(AgentGuardExtension.class)} with {@link GuardPolicy @GuardPolicy} naming the policy.
 * Without a policy the guard denies everything ({@link Policy#denyAll()}).
 *
 * <p>The extension is immutable: every configuration method returns a new extension, so one instance can be
 * shared by parallel tests. Per-test state lives in JUnit's extension store.
 */
public final class AgentGuardExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AgentGuardExtension.class);
  private static final String KEY = "fixture";

  /** Where the policy comes from. */
  private sealed interface Source permits PolicySource, FileSource, ResourceSource {}

  private record PolicySource(Policy policy) implements Source {}

  private record FileSource(Path file) implements Source {}

  private record ResourceSource(String name) implements Source {}

  private final Source source;
  private final List<GuardCustomizer> customizers;
  private final Map<String, List<String>> hosts;
  private final boolean unknownHostsByName;
  private final Instant clockStart;
  private final Map<String, String> files;

  /** Creates an extension with no policy of its own: {@link GuardPolicy @GuardPolicy} names it, or none. */
  public AgentGuardExtension() {
    this(null, List.of(), Map.of(), false, FakeClock.DEFAULT_START, Map.of());
  }

  private AgentGuardExtension(
      Source source,
      List<GuardCustomizer> customizers,
      Map<String, List<String>> hosts,
      boolean unknownHostsByName,
      Instant clockStart,
      Map<String, String> files) {
    this.source = source;
    this.customizers = List.copyOf(customizers);
    this.hosts = copy(hosts);
    this.unknownHostsByName = unknownHostsByName;
    this.clockStart = clockStart;
    this.files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> hosts) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    hosts.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * An extension whose guards load {@code policy}: {@code classpath:NAME}, {@code file:PATH}, or a bare name
   * looked up on the classpath first and then as a path relative to the working directory.
   *
   * @param policy where the policy file is, as {@code classpath:NAME}, {@code file:PATH} or a bare name
   * @return an extension whose guards load {@code policy}: {@code classpath:NAME}, {@code file:PATH}, or a bare
   *     name looked up on the classpath first and then as a path relative to the working directory
   */
  public static AgentGuardExtension withPolicy(String policy) {
    return new AgentGuardExtension().policy(policy);
  }

  /**
   * An extension whose guards load the policy file {@code policyFile}.
   *
   * @param policyFile the policy file, absolute or relative to the working directory
   * @return an extension whose guards load the policy file {@code policyFile}
   */
  public static AgentGuardExtension withPolicyFile(Path policyFile) {
    return new AgentGuardExtension().policyFile(policyFile);
  }

  /**
   * An extension whose guards enforce {@code policy}.
   *
   * @param policy the policy every test's guard enforces
   * @return an extension whose guards enforce {@code policy}
   */
  public static AgentGuardExtension withPolicy(Policy policy) {
    return new AgentGuardExtension().policy(policy);
  }

  /**
   * An extension whose guards are shaped by {@code customizer} alone (the policy defaults to deny-all).
   *
   * @param customizer shapes each test's guard builder
   * @return an extension whose guards are shaped by {@code customizer} alone (the policy defaults to deny-all)
   */
  public static AgentGuardExtension withBuilder(GuardCustomizer customizer) {
    return new AgentGuardExtension().customize(customizer);
  }

  /**
   * A copy that loads the policy named {@code policy} (see {@link #withPolicy(String)}).
   *
   * @param policy where the policy file is, as {@code classpath:NAME}, {@code file:PATH} or a bare name
   * @return a copy that loads the policy named {@code policy} (see {@link #withPolicy(String)})
   */
  public AgentGuardExtension policy(String policy) {
    return withSource(sourceOf(Objects.requireNonNull(policy, "policy must not be null")));
  }

  /**
   * A copy that loads the policy file {@code policyFile}.
   *
   * @param policyFile the policy file, absolute or relative to the working directory
   * @return a copy that loads the policy file {@code policyFile}
   */
  public AgentGuardExtension policyFile(Path policyFile) {
    return withSource(new FileSource(Objects.requireNonNull(policyFile, "policyFile must not be null")));
  }

  /**
   * A copy that enforces {@code policy}.
   *
   * @param policy the policy every test's guard enforces
   * @return a copy that enforces {@code policy}
   */
  public AgentGuardExtension policy(Policy policy) {
    return withSource(new PolicySource(Objects.requireNonNull(policy, "policy must not be null")));
  }

  private AgentGuardExtension withSource(Source s) {
    return new AgentGuardExtension(s, customizers, hosts, unknownHostsByName, clockStart, files);
  }

  /**
   * A copy that also runs {@code customizer} on each guard's builder, after the ones added before.
   *
   * @param customizer adjusts each test's guard builder, given the test's fixture
   * @return a copy that also runs {@code customizer} on each guard's builder, after the ones added before
   */
  public AgentGuardExtension customize(GuardCustomizer customizer) {
    Objects.requireNonNull(customizer, "customizer must not be null");
    List<GuardCustomizer> more = new ArrayList<>(customizers);
    more.add(customizer);
    return new AgentGuardExtension(source, more, hosts, unknownHostsByName, clockStart, files);
  }

  /**
   * A copy that also runs {@code customizer} on each guard's builder.
   *
   * @param customizer adjusts each test's guard builder
   * @return a copy that also runs {@code customizer} on each guard's builder
   */
  public AgentGuardExtension customize(Consumer<AgentGuard.Builder> customizer) {
    Objects.requireNonNull(customizer, "customizer must not be null");
    return customize((builder, fixture) -> customizer.accept(builder));
  }

  /**
   * A copy whose DNS also answers {@code host} with {@code addresses} (IP literals).
   *
   * @param host the host name
   * @param addresses the IP literals it resolves to
   * @return a copy whose DNS also answers {@code host} with {@code addresses} (IP literals)
   */
  public AgentGuardExtension host(String host, String... addresses) {
    Objects.requireNonNull(host, "host must not be null");
    Objects.requireNonNull(addresses, "addresses must not be null");
    StaticHostResolver.builder().host(host, addresses); // validates now, not in every test
    Map<String, List<String>> more = new LinkedHashMap<>(hosts);
    List<String> ips = new ArrayList<>(more.getOrDefault(host, List.of()));
    ips.addAll(List.of(addresses));
    more.put(host, ips);
    return new AgentGuardExtension(source, customizers, more, unknownHostsByName, clockStart, files);
  }

  /**
   * A copy whose DNS answers "no data" for unknown names (judged by name alone, as the CLI does).
   *
   * @return a copy whose DNS answers "no data" for unknown names (judged by name alone, as the CLI does)
   */
  public AgentGuardExtension unknownHostsJudgedByName() {
    return new AgentGuardExtension(source, customizers, hosts, true, clockStart, files);
  }

  /**
   * A copy whose clocks start at {@code start} (default {@link FakeClock#DEFAULT_START}).
   *
   * @param start the instant each test's clock starts at
   * @return a copy whose clocks start at {@code start} (default {@link FakeClock#DEFAULT_START})
   */
  public AgentGuardExtension clockAt(Instant start) {
    Objects.requireNonNull(start, "start must not be null");
    return new AgentGuardExtension(source, customizers, hosts, unknownHostsByName, start, files);
  }

  /**
   * A copy that writes {@code content} to {@code relative} in each test's workspace before the guard is built.
   *
   * @param relative the file's path relative to the workspace; must stay inside it
   * @param content the text to write, as UTF-8
   * @return a copy that writes {@code content} to {@code relative} in each test's workspace before the guard is
   *     built
   */
  public AgentGuardExtension workspaceFile(String relative, String content) {
    Objects.requireNonNull(relative, "relative must not be null");
    Objects.requireNonNull(content, "content must not be null");
    Map<String, String> more = new LinkedHashMap<>(files);
    more.put(relative, content);
    return new AgentGuardExtension(source, customizers, hosts, unknownHostsByName, clockStart, more);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    fixture(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    GuardFixture fixture = context.getStore(NAMESPACE).remove(KEY, GuardFixture.class);
    if (fixture != null) {
      fixture.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Path.class) {
      return !parameter.isAnnotated(TempDir.class);
    }
    return type == AgentGuard.class
        || type == GuardFixture.class
        || type == GuardEnvironment.class
        || type == FakeClock.class
        || type == RecordingListener.class
        || type == ScriptedApprover.class
        || type == StaticHostResolver.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("AgentGuardExtension makes a guard per test: "
          + parameter.getParameter().getType().getSimpleName()
          + " can be injected into test methods and @BeforeEach/@AfterEach methods only");
    }
    GuardFixture f;
    try {
      f = fixture(context);
    } catch (Exception e) {
      throw new ParameterResolutionException("cannot build the test's guard: " + e.getMessage(), e);
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == Path.class) {
      return f.workspace();
    }
    if (type == AgentGuard.class) {
      return f.guard();
    }
    if (type == GuardEnvironment.class) {
      return f.environment();
    }
    if (type == FakeClock.class) {
      return f.clock();
    }
    if (type == RecordingListener.class) {
      return f.listener();
    }
    if (type == ScriptedApprover.class) {
      return f.approver();
    }
    if (type == StaticHostResolver.class) {
      return f.resolver();
    }
    return f;
  }

  // One test's context is used by one thread at a time (callbacks, parameter resolution and the test itself),
  // so get-then-put needs no lock.
  private GuardFixture fixture(ExtensionContext context) throws Exception {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    GuardFixture existing = store.get(KEY, GuardFixture.class);
    if (existing != null) {
      return existing;
    }
    GuardFixture created = newFixture(context);
    store.put(KEY, created);
    return created;
  }

  private GuardFixture newFixture(ExtensionContext context) throws Exception {
    Optional<GuardPolicy> annotation = annotation(context);
    Source s = annotation.map(a -> sourceOf(a.value())).orElse(source);
    StaticHostResolver.Builder dns = StaticHostResolver.builder();
    hosts.forEach((h, ips) -> dns.host(h, ips.toArray(String[]::new)));
    if (annotation.isPresent()) {
      for (String entry : annotation.get().hosts()) {
        addHosts(dns, entry);
      }
    }
    if (unknownHostsByName) {
      dns.unknownNamesJudgedByName();
    }
    ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
        .orElseGet(() -> Thread.currentThread().getContextClassLoader());
    Policy policy = s == null ? null : load(s, loader);
    List<GuardCustomizer> all = new ArrayList<>();
    all.add((builder, fixture) -> files.forEach(fixture::writeFile));
    all.addAll(customizers);
    return GuardFixture.create(policy, FakeClock.at(clockStart), dns.build(), (builder, fixture) -> {
      for (GuardCustomizer c : all) {
        c.customize(builder, fixture);
      }
    });
  }

  private static Optional<GuardPolicy> annotation(ExtensionContext context) {
    Optional<GuardPolicy> onMethod = context.getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, GuardPolicy.class));
    if (onMethod.isPresent()) {
      return onMethod;
    }
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      Optional<? extends AnnotatedElement> element = c.get().getTestClass();
      if (element.isPresent()) {
        Optional<GuardPolicy> found = AnnotationSupport.findAnnotation(element.get(), GuardPolicy.class);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static void addHosts(StaticHostResolver.Builder dns, String entry) {
    int eq = entry.indexOf('=');
    if (eq <= 0 || eq == entry.length() - 1) {
      throw new ExtensionConfigurationException(
          "@GuardPolicy hosts entry '" + entry + "' is not HOST=IP[,IP...]");
    }
    String[] ips = entry.substring(eq + 1).split(",");
    for (int i = 0; i < ips.length; i++) {
      ips[i] = ips[i].trim();
    }
    try {
      dns.host(entry.substring(0, eq).trim(), ips);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException("@GuardPolicy hosts entry '" + entry + "': " + e.getMessage(), e);
    }
  }

  private static Source sourceOf(String name) {
    if (name.startsWith("classpath:")) {
      return new ResourceSource(name.substring("classpath:".length()));
    }
    if (name.startsWith("file:")) {
      return new FileSource(Path.of(name.substring("file:".length())));
    }
    return new ResourceSource(name);
  }

  /** Loads the policy {@code name} names, as {@link #withPolicy(String)} describes; for tests. */
  static Policy loadPolicy(String name, ClassLoader loader) throws IOException {
    return load(sourceOf(Objects.requireNonNull(name, "name must not be null")), loader);
  }

  private static Policy load(Source s, ClassLoader loader) throws IOException {
    try {
      if (s instanceof PolicySource p) {
        return p.policy();
      }
      if (s instanceof FileSource f) {
        if (!Files.isRegularFile(f.file())) {
          throw new ExtensionConfigurationException("policy file not found: " + f.file().toAbsolutePath());
        }
        return PolicyLoader.load(f.file());
      }
      String name = ((ResourceSource) s).name();
      String resource = name.startsWith("/") ? name.substring(1) : name;
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in != null) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          return PolicyLoader.parse(text, "classpath:" + resource, formatOf(resource, text));
        }
      }
      Path file = Path.of(name);
      if (Files.isRegularFile(file)) {
        return PolicyLoader.load(file);
      }
      throw new ExtensionConfigurationException("policy '" + name
          + "' is neither a classpath resource nor a file (looked in " + file.toAbsolutePath() + ")");
    } catch (PolicyException e) {
      StringBuilder sb = new StringBuilder("the test's policy is invalid:");
      e.errors().forEach(err -> sb.append("\n  ").append(err));
      throw new ExtensionConfigurationException(sb.toString(), e);
    }
  }

  static PolicyLoader.Format formatOf(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return PolicyLoader.Format.JSON;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return PolicyLoader.Format.YAML;
    }
    return text.stripLeading().startsWith("{") ? PolicyLoader.Format.JSON : PolicyLoader.Format.YAML;
  }

  @Override
  public String toString() {
    return "AgentGuardExtension{source=" + source + ", hosts=" + hosts.keySet() + "}";
  }
}
