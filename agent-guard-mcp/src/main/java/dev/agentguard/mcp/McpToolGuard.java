package dev.agentguard.mcp;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.telemetry.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The guard for one MCP server's tools. Every definition the server lists goes through the {@link ToolPins};
 * every call is judged by an {@link AgentGuard} built from the policy, with one more check: the tool must have
 * been listed and its definition must match its pin ({@value McpRuleIds#TOOL_CHANGED} otherwise).
 *
 * <p>Descriptors (where a tool's resources sit in its arguments) come from the policy's {@code tools} section.
 * For a server whose annotations are {@linkplain Builder#trustAnnotations trusted}, a tool the policy does not
 * describe is judged by its annotations: {@code readOnlyHint} allows it, {@code destructiveHint} asks (true, or
 * left out as the MCP specification's default), and {@code openWorldHint} marks its results untrusted
 * ({@value McpRuleIds#OPEN_WORLD_ATTRIBUTE}). Annotations of a server that is not trusted are ignored, as the
 * specification requires.
 *
 * <p>Thread-safe. {@link #close()} closes the guards it built.
 */
public final class McpToolGuard implements AutoCloseable {

  private static final int MAX_REASON_CHARS = 4_000;

  private final String server;
  private final Policy policy;
  private final ToolPins pins;
  private final boolean trustAnnotations;
  private final Consumer<AgentGuard.Builder> customizer;
  private final List<AgentGuard> built = new ArrayList<>();
  private volatile McpToolCatalog catalog;
  private volatile Judge judge;

  /** The guard in force and the read-only tools it describes. */
  private record Judge(AgentGuard guard, Set<String> readOnly) {}

  private McpToolGuard(Builder b) {
    this.server = b.server;
    this.policy = b.policy;
    this.pins = b.pins;
    this.trustAnnotations = b.trustAnnotations;
    this.customizer = b.customizer;
    this.catalog = new McpToolCatalog(server, Map.of(), Map.of(), pins.file());
    this.judge = new Judge(buildGuard(Set.of()), Set.of());
  }

  /**
   * Returns a new builder.
   *
   * @return a builder for a server named {@code mcp} until {@link Builder#server} names it
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server's name, as pins and call attributes name it.
   *
   * @return the server's name
   */
  public String server() {
    return server;
  }

  /**
   * Whether this server's tool annotations are trusted.
   *
   * @return whether annotations are trusted
   */
  public boolean trustsAnnotations() {
    return trustAnnotations;
  }

  /**
   * The guard that judges calls now.
   *
   * @return the guard built for the tools seen so far
   */
  public AgentGuard guard() {
    return judge.guard();
  }

  /**
   * Takes in tool definitions the server listed (one page of {@code tools/list} or all of them): pins new ones,
   * compares known ones with their pins, and returns each one's status by tool name.
   *
   * @param tools the definitions as listed; not {@code null}
   * @return each given tool's pin status, by name
   */
  public synchronized Map<String, PinStatus> observe(Collection<McpToolDefinition> tools) {
    Objects.requireNonNull(tools, "tools must not be null");
    Map<String, McpToolDefinition> definitions = new HashMap<>(catalog.tools());
    Map<String, PinStatus> statuses = new HashMap<>(catalog.pins());
    Map<String, PinStatus> seen = new LinkedHashMap<>();
    for (McpToolDefinition tool : tools) {
      PinStatus status = pins.check(server, tool);
      definitions.put(tool.name(), tool);
      statuses.put(tool.name(), status);
      seen.put(tool.name(), status);
    }
    catalog = new McpToolCatalog(server, definitions, statuses, pins.file());
    Set<String> readOnly = readOnlyTools(definitions);
    if (!readOnly.equals(judge.readOnly())) {
      judge = new Judge(buildGuard(readOnly), readOnly);
    }
    return seen;
  }

  /** Forgets the tool definitions seen (the server said its list changed); pins stay. */
  public synchronized void forgetTools() {
    catalog = new McpToolCatalog(server, Map.of(), Map.of(), pins.file());
  }

  /**
   * Whether the server listed {@code tool} since the last {@link #forgetTools()}.
   *
   * @param tool the tool's name
   * @return whether it was listed
   */
  public boolean listed(String tool) {
    return catalog.tools().containsKey(tool);
  }

  /**
   * The definition of {@code tool} seen last, if any.
   *
   * @param tool the tool's name
   * @return the definition, or empty if the server has not listed the tool
   */
  public java.util.Optional<McpToolDefinition> definition(String tool) {
    return java.util.Optional.ofNullable(catalog.tools().get(tool));
  }

  /**
   * Adds what the guard knows of the tool to {@code call}: the server's name and, for a trusted server's
   * open-world tool, the untrusted-results mark.
   *
   * @param call the call to a tool of this server
   * @return the call with the server attribute (and, where it applies, the untrusted-results mark) in its context
   */
  public ToolCall describe(ToolCall call) {
    var context = call.context().toBuilder().attribute(McpRuleIds.SERVER_ATTRIBUTE, server);
    McpToolDefinition definition = catalog.tools().get(call.toolName());
    if (trustAnnotations && definition != null && definition.hasAnnotations()
        && !Boolean.FALSE.equals(definition.hint("openWorldHint"))) {
      context.attribute(McpRuleIds.OPEN_WORLD_ATTRIBUTE, "true");
    }
    return new ToolCall(call.id(), call.toolName(), call.argumentsJson(), context.build());
  }

  /**
   * Judges {@code call} without running it or asking anyone.
   *
   * @param call the call to judge
   * @return the judgement, pin status included
   */
  public Evaluation evaluate(ToolCall call) {
    return judge.guard().evaluate(describe(call));
  }

  /**
   * Judges {@code call}, asks for approval where the policy says so, and only then runs it on {@code tool}.
   *
   * @param call the call to judge
   * @param tool runs the call on the server when allowed
   * @return what {@code tool} returned
   * @throws dev.agentguard.api.ToolCallDeniedException when the call is refused
   * @throws Exception what {@code tool} throws
   */
  public ToolResult execute(ToolCall call, ToolExecutor tool) throws Exception {
    return judge.guard().wrap(tool).execute(describe(call));
  }

  /**
   * The text an MCP client sees for a refusal: {@code Tool call refused by agent-guard (rule RULE): REASON},
   * redacted, without control characters, bounded.
   *
   * @param decision the refusing decision
   * @return the refusal text
   */
  public static String refusalText(Decision decision) {
    Redactor redactor = Redactor.defaults();
    String rule = clean(redactor.redactText(decision.rule()), 200);
    String reason = clean(redactor.redactText(decision.reason()), MAX_REASON_CHARS);
    return "Tool call refused by agent-guard (rule " + rule + "): " + (reason.isEmpty() ? "no reason given" : reason);
  }

  private static String clean(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return text.length() > max ? sb.toString().strip() + " [truncated]" : sb.toString().strip();
  }

  /**
   * The tools whose annotations stand in for a descriptor: a trusted server's read-only and destructive tools that
   * the policy does not describe (so {@code defaults.unknownTool} does not decide them; {@link McpToolCheck} does).
   */
  private Set<String> readOnlyTools(Map<String, McpToolDefinition> definitions) {
    Set<String> described = new TreeSet<>();
    if (!trustAnnotations) {
      return described;
    }
    for (McpToolDefinition d : definitions.values()) {
      if (policy.tools().containsKey(d.name()) || d.name().isBlank() || !d.hasAnnotations()) {
        continue;
      }
      boolean readOnly = Boolean.TRUE.equals(d.hint("readOnlyHint"));
      boolean destructive = !readOnly && !Boolean.FALSE.equals(d.hint("destructiveHint"));
      if (readOnly || destructive) {
        described.add(d.name());
      }
    }
    return described;
  }

  private AgentGuard buildGuard(Set<String> readOnly) {
    Policy.Builder p = policy.toBuilder();
    for (String tool : readOnly) {
      p.tool(ToolDescriptor.of(tool));
    }
    AgentGuard.Builder b = AgentGuard.builder();
    customizer.accept(b);
    b.policy(p.build());
    b.check(new McpToolCheck(() -> catalog, trustAnnotations, policy.tools().keySet()));
    AgentGuard guard = b.build();
    synchronized (built) {
      built.add(guard);
    }
    return guard;
  }

  /** Closes every guard this one built: approvals still waiting are denied. */
  @Override
  public void close() {
    synchronized (built) {
      built.forEach(AgentGuard::close);
    }
  }

  @Override
  public String toString() {
    return "McpToolGuard{" + server + (trustAnnotations ? ", trusts annotations" : "") + ", " + pins + "}";
  }

  /** Builds an {@link McpToolGuard}. Not thread-safe. */
  public static final class Builder {
    private String server = "mcp";
    private Policy policy = Policy.denyAll();
    private ToolPins pins = ToolPins.inMemory();
    private boolean trustAnnotations;
    private Consumer<AgentGuard.Builder> customizer = b -> { };

    private Builder() {}

    /**
     * The server's name: the key of its pins and the {@value McpRuleIds#SERVER_ATTRIBUTE} attribute.
     *
     * @param server the server's name; not blank
     * @return this builder
     * @throws IllegalArgumentException if {@code server} is blank
     */
    public Builder server(String server) {
      if (server == null || server.isBlank()) {
        throw new IllegalArgumentException("server must not be blank");
      }
      this.server = server;
      return this;
    }

    /**
     * The policy (default: deny everything). Its {@code tools} section holds the descriptors.
     *
     * @param policy the policy; not {@code null}
     * @return this builder
     */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy must not be null");
      return this;
    }

    /**
     * Where pins are kept (default: in memory).
     *
     * @param pins the pin store; not {@code null}
     * @return this builder
     */
    public Builder pins(ToolPins pins) {
      this.pins = Objects.requireNonNull(pins, "pins must not be null");
      return this;
    }

    /**
     * Whether this server's tool annotations are trusted (default: no, they are ignored).
     *
     * @param trust whether to trust the annotations
     * @return this builder
     */
    public Builder trustAnnotations(boolean trust) {
      this.trustAnnotations = trust;
      return this;
    }

    /**
     * Configures the {@link AgentGuard} built for this server: environment, approver, listeners, interceptors,
     * host resolver. The policy and the MCP check are set by this guard and must not be set here.
     *
     * @param customizer adjusts the guard's builder; not {@code null}
     * @return this builder
     */
    public Builder configure(Consumer<AgentGuard.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer must not be null");
      return this;
    }

    /**
     * Builds the guard.
     *
     * @return the tool guard
     */
    public McpToolGuard build() {
      return new McpToolGuard(this);
    }
  }
}
