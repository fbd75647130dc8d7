package dev.agentguard.core.policy;

import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.exec.CommandRules;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkRules;
import dev.agentguard.core.session.SessionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable guard policy: the model behind the policy file (docs/policy-file.md). Build one in code with
 * {@link #builder()} or load one from YAML or JSON.
 *
 * @param version the policy-file schema version (1)
 * @param mode enforce or audit
 * @param unknownTool the decision for a tool with no descriptor and no matching rule
 * @param filesystem the filesystem allowlist
 * @param network the network allowlist
 * @param commands the command policy
 * @param tools tool descriptors by tool name
 * @param rules tool-level rules, in file order
 * @param approvals approval settings
 * @param sandbox how the commands it lets run are confined by the operating system
 * @param session the {@code session} section ({@link SessionPolicy#NONE} when absent)
 * @param mcp the {@code mcp} section: which MCP servers' tool annotations are trusted
 *     ({@link McpSettings#DEFAULTS} when absent: none)
 */
public record Policy(
    int version,
    Mode mode,
    Verdict unknownTool,
    FileSystemRules filesystem,
    NetworkRules network,
    CommandRules commands,
    Map<String, ToolDescriptor> tools,
    List<ToolRule> rules,
    ApprovalSettings approvals,
    SandboxSettings sandbox,
    SessionPolicy session,
    McpSettings mcp) {

  /**
   * A policy without an {@code mcp} section.
   *
   * @param version the policy-file schema version; must be 1
   * @param mode enforce or audit
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   * @param filesystem the filesystem allowlist
   * @param network the network allowlist
   * @param commands the command policy
   * @param tools tool descriptors by tool name
   * @param rules tool-level rules, in file order
   * @param approvals approval settings
   * @param sandbox how commands are confined by the operating system
   * @param session the {@code session} section
   */
  public Policy(int version, Mode mode, Verdict unknownTool, FileSystemRules filesystem, NetworkRules network,
      CommandRules commands, Map<String, ToolDescriptor> tools, List<ToolRule> rules, ApprovalSettings approvals,
      SandboxSettings sandbox, SessionPolicy session) {
    this(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals, sandbox, session,
        McpSettings.DEFAULTS);
  }

  /**
   * A policy without a {@code session} section.
   *
   * @param version the policy-file schema version; must be 1
   * @param mode enforce or audit
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   * @param filesystem the filesystem allowlist
   * @param network the network allowlist
   * @param commands the command policy
   * @param tools tool descriptors by tool name
   * @param rules tool-level rules, in file order
   * @param approvals approval settings
   * @param sandbox how commands are confined by the operating system
   */
  public Policy(int version, Mode mode, Verdict unknownTool, FileSystemRules filesystem, NetworkRules network,
      CommandRules commands, Map<String, ToolDescriptor> tools, List<ToolRule> rules, ApprovalSettings approvals,
      SandboxSettings sandbox) {
    this(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals, sandbox,
        SessionPolicy.NONE);
  }

  /**
   * A policy with the default sandbox settings.
   *
   * @param version the policy-file schema version; must be 1
   * @param mode enforce or audit
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   * @param filesystem the filesystem allowlist
   * @param network the network allowlist
   * @param commands the command policy
   * @param tools tool descriptors by tool name
   * @param rules tool-level rules, in file order
   * @param approvals approval settings
   * @param session the {@code session} section
   */
  public Policy(int version, Mode mode, Verdict unknownTool, FileSystemRules filesystem, NetworkRules network,
      CommandRules commands, Map<String, ToolDescriptor> tools, List<ToolRule> rules, ApprovalSettings approvals,
      SessionPolicy session) {
    this(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals,
        SandboxSettings.DEFAULTS, session);
  }

  /**
   * Validates the components.
   *
   * @param version the policy-file schema version; must be 1
   * @param mode enforce or audit
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   * @param filesystem the filesystem allowlist
   * @param network the network allowlist
   * @param commands the command policy
   * @param tools tool descriptors by tool name, each filed under its own tool name; copied
   * @param rules tool-level rules, in file order; copied
   * @param approvals approval settings
   * @param sandbox how commands are confined by the operating system
   * @param session the {@code session} section ({@link SessionPolicy#NONE} when absent)
   * @param mcp the {@code mcp} section: whose MCP tool annotations are trusted ({@link McpSettings#DEFAULTS} when
   *     absent)
   * @throws IllegalArgumentException if the version is not 1 or a descriptor is filed under another name
   */
  public Policy {
    if (version != 1) {
      throw new IllegalArgumentException("unsupported policy version " + version + ": expected 1");
    }
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(unknownTool, "unknownTool must not be null");
    Objects.requireNonNull(filesystem, "filesystem must not be null");
    Objects.requireNonNull(network, "network must not be null");
    Objects.requireNonNull(commands, "commands must not be null");
    tools = Map.copyOf(Objects.requireNonNull(tools, "tools must not be null"));
    for (Map.Entry<String, ToolDescriptor> e : tools.entrySet()) {
      if (!e.getKey().equals(e.getValue().toolName())) {
        throw new IllegalArgumentException(
            "descriptor for '" + e.getValue().toolName() + "' filed under '" + e.getKey() + "'");
      }
    }
    rules = List.copyOf(Objects.requireNonNull(rules, "rules must not be null"));
    Objects.requireNonNull(approvals, "approvals must not be null");
    Objects.requireNonNull(sandbox, "sandbox must not be null");
    Objects.requireNonNull(session, "session must not be null");
    Objects.requireNonNull(mcp, "mcp must not be null");
  }

  /**
   * A policy with the default sandbox settings ({@link SandboxSettings#DEFAULTS}).
   *
   * @param version the policy-file schema version; must be 1
   * @param mode enforce or audit
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   * @param filesystem the filesystem allowlist
   * @param network the network allowlist
   * @param commands the command policy
   * @param tools tool descriptors by tool name
   * @param rules tool-level rules, in file order
   * @param approvals approval settings
   */
  public Policy(int version, Mode mode, Verdict unknownTool, FileSystemRules filesystem, NetworkRules network,
      CommandRules commands, Map<String, ToolDescriptor> tools, List<ToolRule> rules, ApprovalSettings approvals) {
    this(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals,
        SandboxSettings.DEFAULTS, SessionPolicy.NONE);
  }

  /**
   * A copy with other sandbox settings.
   *
   * @param settings the new sandbox settings
   * @return the copy; every other component stays
   */
  public Policy withSandbox(SandboxSettings settings) {
    return new Policy(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals, settings,
        session, mcp);
  }

  /**
   * A copy with other {@code mcp} settings.
   *
   * @param settings the new {@code mcp} settings
   * @return the copy; every other component stays
   */
  public Policy withMcp(McpSettings settings) {
    return new Policy(version, mode, unknownTool, filesystem, network, commands, tools, rules, approvals, sandbox,
        session, settings);
  }

  /**
   * A policy that allows nothing and asks nothing: no roots, no hosts, every command and every tool denied. The
   * guard's policy when none is set. (An empty policy <em>file</em> differs: it asks for unknown tools and
   * commands, as the policy file reference says.)
   *
   * @return the deny-all policy
   */
  public static Policy denyAll() {
    return builder().unknownTool(Verdict.DENY).commandDefault(Verdict.DENY).build();
  }

  /**
   * Returns a builder starting from the defaults of an empty policy file.
   *
   * @return a builder: enforce mode, no roots, no hosts, unknown tools and commands asked
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return a builder to derive a changed policy from this one
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode;
    b.unknownTool = unknownTool;
    b.roots.addAll(filesystem.roots());
    b.denyGlobs.addAll(filesystem.deny());
    b.outsideRoots = filesystem.outsideRoots();
    b.protectedPaths.addAll(filesystem.protectedPaths());
    b.schemes = new ArrayList<>(network.schemes());
    b.hostRules.addAll(network.allow());
    b.networkOutside = network.outside();
    b.commandRules.addAll(commands.rules());
    b.commandDefault = commands.defaultDecision();
    b.tools.putAll(tools);
    b.rules.addAll(rules);
    b.approvals = approvals;
    b.sandbox = sandbox;
    b.session = session;
    b.mcp = mcp;
    return b;
  }

  /** Builds a {@link Policy}. Not thread-safe. */
  public static final class Builder {
    private Mode mode = Mode.ENFORCE;
    private Verdict unknownTool = Verdict.ASK;
    private final List<FileSystemRules.Root> roots = new ArrayList<>();
    private final List<String> denyGlobs = new ArrayList<>();
    private Verdict outsideRoots = Verdict.DENY;
    private final List<String> protectedPaths = new ArrayList<>();
    private List<String> schemes = new ArrayList<>(List.of("https"));
    private final List<HostRule> hostRules = new ArrayList<>();
    private Verdict networkOutside = Verdict.DENY;
    private final List<CommandRule> commandRules = new ArrayList<>();
    private Verdict commandDefault = Verdict.ASK;
    private final Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    private final List<ToolRule> rules = new ArrayList<>();
    private ApprovalSettings approvals = ApprovalSettings.DEFAULTS;
    private SandboxSettings sandbox = SandboxSettings.DEFAULTS;
    private SessionPolicy session = SessionPolicy.NONE;
    private McpSettings mcp = McpSettings.DEFAULTS;

    private Builder() {}

    /**
     * Sets how commands are confined by the operating system (default {@code required}).
     *
     * @param mode required, preferred or off
     * @return this builder
     */
    public Builder sandbox(SandboxMode mode) {
      this.sandbox = new SandboxSettings(mode);
      return this;
    }

    /**
     * Sets enforce or audit mode.
     *
     * @param mode the mode; not {@code null}
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode must not be null");
      return this;
    }

    /**
     * Sets the decision for tools with no descriptor and no rule.
     *
     * @param verdict the decision; not {@code null}
     * @return this builder
     */
    public Builder unknownTool(Verdict verdict) {
      this.unknownTool = Objects.requireNonNull(verdict, "verdict must not be null");
      return this;
    }

    /**
     * Adds a filesystem root.
     *
     * @param path the root directory, as in a policy file (may use {@code ~} and variables such as
     *     {@code ${workspace}})
     * @param access read or read-write
     * @return this builder
     */
    public Builder root(String path, FileSystemRules.RootAccess access) {
      roots.add(new FileSystemRules.Root(path, access));
      return this;
    }

    /**
     * Adds a deny glob.
     *
     * @param glob a path glob whose matches are denied even inside a root
     * @return this builder
     */
    public Builder denyPath(String glob) {
      denyGlobs.add(Objects.requireNonNull(glob, "glob must not be null"));
      return this;
    }

    /**
     * Adds a write-protected glob to the built-in set.
     *
     * @param glob a path glob that may be read but never written
     * @return this builder
     */
    public Builder protectPath(String glob) {
      protectedPaths.add(Objects.requireNonNull(glob, "glob must not be null"));
      return this;
    }

    /**
     * Sets what paths outside every root get (deny or ask).
     *
     * @param verdict DENY or ASK
     * @return this builder
     */
    public Builder outsideRoots(Verdict verdict) {
      this.outsideRoots = Objects.requireNonNull(verdict, "verdict must not be null");
      return this;
    }

    /**
     * Replaces the allowed URL schemes.
     *
     * @param schemes the schemes, such as {@code https}
     * @return this builder
     */
    public Builder schemes(String... schemes) {
      this.schemes = new ArrayList<>(List.of(schemes));
      return this;
    }

    /**
     * Allows a host pattern on the given ports (none: the scheme's default port).
     *
     * @param host a host name or pattern such as {@code *.example.com}
     * @param ports the ports allowed
     * @return this builder
     */
    public Builder allowHost(String host, Integer... ports) {
      hostRules.add(HostRule.host(host, List.of(ports)));
      return this;
    }

    /**
     * Opens an address range on purpose.
     *
     * @param cidr the range, such as {@code 10.20.0.0/16}
     * @param ports the ports allowed
     * @return this builder
     */
    public Builder allowCidr(String cidr, Integer... ports) {
      hostRules.add(HostRule.cidr(cidr, List.of(ports)));
      return this;
    }

    /**
     * Sets what URLs matching no rule get (deny or ask).
     *
     * @param verdict DENY or ASK
     * @return this builder
     */
    public Builder networkOutside(Verdict verdict) {
      this.networkOutside = Objects.requireNonNull(verdict, "verdict must not be null");
      return this;
    }

    /**
     * Adds a command prefix rule.
     *
     * @param decision allow, ask or deny
     * @param prefix the leading words a command must start with
     * @return this builder
     */
    public Builder commandRule(Verdict decision, String... prefix) {
      commandRules.add(CommandRule.of(List.of(prefix), decision));
      return this;
    }

    /**
     * Adds a command rule.
     *
     * @param rule the rule; not {@code null}
     * @return this builder
     */
    public Builder commandRule(CommandRule rule) {
      commandRules.add(Objects.requireNonNull(rule, "rule must not be null"));
      return this;
    }

    /**
     * Sets the decision for commands matching no rule.
     *
     * @param verdict the decision; not {@code null}
     * @return this builder
     */
    public Builder commandDefault(Verdict verdict) {
      this.commandDefault = Objects.requireNonNull(verdict, "verdict must not be null");
      return this;
    }

    /**
     * Adds (or replaces) a tool descriptor.
     *
     * @param descriptor the descriptor, filed under its tool name; not {@code null}
     * @return this builder
     */
    public Builder tool(ToolDescriptor descriptor) {
      Objects.requireNonNull(descriptor, "descriptor must not be null");
      tools.put(descriptor.toolName(), descriptor);
      return this;
    }

    /**
     * Adds a tool rule.
     *
     * @param rule the rule, evaluated in the order added; not {@code null}
     * @return this builder
     */
    public Builder rule(ToolRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule must not be null"));
      return this;
    }

    /**
     * Sets the approval timeout.
     *
     * @param timeout how long a held call waits for an answer; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder approvalTimeout(Duration timeout) {
      this.approvals = new ApprovalSettings(timeout);
      return this;
    }

    /**
     * Sets the {@code session} section (default {@link SessionPolicy#NONE}: no session state).
     *
     * @param session the section; not {@code null}
     * @return this builder
     */
    public Builder session(SessionPolicy session) {
      this.session = Objects.requireNonNull(session, "session must not be null");
      return this;
    }

    /**
     * Sets the {@code mcp} section (default {@link McpSettings#DEFAULTS}: no MCP server is trusted).
     *
     * @param mcp the section
     * @return this builder
     */
    public Builder mcp(McpSettings mcp) {
      this.mcp = Objects.requireNonNull(mcp, "mcp must not be null");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a root, glob, host, range or scheme is invalid
     */
    public Policy build() {
      return new Policy(
          1,
          mode,
          unknownTool,
          new FileSystemRules(roots, denyGlobs, outsideRoots, protectedPaths),
          new NetworkRules(schemes, hostRules, networkOutside),
          new CommandRules(commandRules, commandDefault),
          tools,
          rules,
          approvals,
          sandbox,
          session,
          mcp);
    }
  }
}
