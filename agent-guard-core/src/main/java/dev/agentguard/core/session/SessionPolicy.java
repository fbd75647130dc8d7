package dev.agentguard.core.session;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.net.HostRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code session:} section of a policy: which reads are private, which hosts are trusted or same-origin,
 * what the lethal trifecta gets, what happens to secrets in tool results, budgets, and flow rules. Immutable.
 * {@link #NONE} (no section) turns every session feature off.
 *
 * @param enabled whether the policy has a {@code session} section
 * @param privateGlobs path globs whose reads label the session {@code private}
 * @param trusted hosts whose content is not {@code untrusted} ({@code *.example.com} for subdomains)
 * @param sameOrigin hosts that do not count as {@code egress}
 * @param trifecta what an egress call gets once the session holds private data and untrusted content
 * @param results what a secret found in a tool result does
 * @param budgets per-conversation limits
 * @param rules flow rules, checked in order
 * @param untrustedTools tool-name globs whose results are untrusted content (set in code; also the call
 *     attribute {@link #UNTRUSTED_ATTRIBUTE})
 */
public record SessionPolicy(
    boolean enabled,
    List<String> privateGlobs,
    List<String> trusted,
    List<String> sameOrigin,
    Trifecta trifecta,
    Results results,
    Budgets budgets,
    List<FlowRule> rules,
    List<String> untrustedTools) {

  /** Rule id: an egress call after private data and untrusted content. */
  public static final String RULE_TRIFECTA = "session.lethal-trifecta";
  /** Rule id: the conversation's call budget is spent. */
  public static final String RULE_MAX_CALLS = "session.max-calls";
  /** Rule id: too many calls in the last minute. */
  public static final String RULE_RATE = "session.rate";
  /** Rule id: the same call repeated too often. */
  public static final String RULE_REPEATED = "session.repeated-call";
  /** Rule id: the conversation has asked for too many approvals. */
  public static final String RULE_MAX_APPROVALS = "session.max-approvals";
  /** Rule id of the informational ALLOW that carries the session's state (it never decides a call). */
  public static final String RULE_STATE = "session.state";

  /**
   * A {@code CallContext} attribute a framework adapter sets to {@code "true"} for a tool whose output comes from
   * outside (for MCP: a tool annotated {@code openWorldHint}); the call then labels the session untrusted.
   */
  public static final String UNTRUSTED_ATTRIBUTE = "agentguard.untrusted";

  /**
   * The {@code CallContext} attribute the MCP guard sets to {@code "true"} for a trusted server's tool annotated
   * {@code openWorldHint}; such a call also labels the session untrusted.
   */
  public static final String OPEN_WORLD_ATTRIBUTE = "mcp.open-world";

  /** The private globs used when the section does not list its own. */
  public static final List<String> DEFAULT_PRIVATE = List.of(
      "${home}/.aws/**", "${home}/.ssh/**", "${home}/.gnupg/**", "${home}/.config/gcloud/**",
      "${home}/.kube/**", "${home}/.docker/config.json", "${home}/.netrc", "${home}/.git-credentials",
      "**/*.pem", "**/*.key", "**/.env*", "**/id_rsa*", "**/id_ed25519*", "**/credentials*", "**/secrets*");

  /** At most this many distinct tool names may appear in the {@code after} lists of all flow rules together. */
  public static final int MAX_AFTER_TOOLS = 60;

  /** The largest {@code perMinute} budget (the session keeps one timestamp per call in the last minute). */
  public static final int MAX_PER_MINUTE = 10_000;

  /** No session section: no state is kept and no session rule applies. */
  public static final SessionPolicy NONE = new SessionPolicy(false, List.of(), List.of(), List.of(), Trifecta.OFF,
      Results.OFF, Budgets.NONE, List.of(), List.of());

  /**
   * Validates the components.
   *
   * @param enabled whether the policy has a {@code session} section
   * @param privateGlobs path globs whose reads label the session {@code private}
   * @param trusted hosts whose content is not {@code untrusted} ({@code *.example.com} for subdomains)
   * @param sameOrigin hosts that do not count as {@code egress}
   * @param trifecta what an egress call gets once the session holds private data and untrusted content
   * @param results what a secret found in a tool result does
   * @param budgets per-conversation limits
   * @param rules flow rules, checked in order
   * @param untrustedTools tool-name globs whose results are untrusted content (set in code; also the call
   *     attribute {@link #UNTRUSTED_ATTRIBUTE})
   */
  public SessionPolicy {
    privateGlobs = List.copyOf(Objects.requireNonNull(privateGlobs, "privateGlobs must not be null"));
    trusted = canonicalHosts(trusted, "trusted");
    sameOrigin = canonicalHosts(sameOrigin, "sameOrigin");
    Objects.requireNonNull(trifecta, "trifecta must not be null");
    Objects.requireNonNull(results, "results must not be null");
    Objects.requireNonNull(budgets, "budgets must not be null");
    rules = List.copyOf(Objects.requireNonNull(rules, "rules must not be null"));
    untrustedTools = List.copyOf(Objects.requireNonNull(untrustedTools, "untrustedTools must not be null"));
    Set<String> ids = new LinkedHashSet<>();
    Set<String> afterTools = new LinkedHashSet<>();
    for (FlowRule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("duplicate session rule id '" + r.id() + "'");
      }
      for (String a : r.after()) {
        if (SessionLabel.fromLabel(a) == null) {
          afterTools.add(a);
        }
      }
    }
    if (afterTools.size() > MAX_AFTER_TOOLS) {
      throw new IllegalArgumentException("session rules name " + afterTools.size() + " tools in 'after'; at most "
          + MAX_AFTER_TOOLS + " are supported");
    }
  }

  /**
   * A section with every default: default private globs, trifecta ask, results label, no budgets, no rules.
   *
   * @return the section
   */
  public static SessionPolicy defaults() {
    return builder().build();
  }

  /**
   * Returns a builder starting from the defaults of a present but empty {@code session:} section.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The distinct tool names (or globs) the flow rules' {@code after} lists name, in order of first mention.
   *
   * @return the tool names and globs, unmodifiable
   */
  public List<String> afterTools() {
    Set<String> out = new LinkedHashSet<>();
    for (FlowRule r : rules) {
      for (String a : r.after()) {
        if (SessionLabel.fromLabel(a) == null) {
          out.add(a);
        }
      }
    }
    return List.copyOf(out);
  }

  private static List<String> canonicalHosts(List<String> hosts, String what) {
    Objects.requireNonNull(hosts, what + " must not be null");
    List<String> out = new ArrayList<>();
    for (String h : hosts) {
      Objects.requireNonNull(h, what + " must not contain null");
      try {
        HostRule.host(h);
        String c = h.toLowerCase(Locale.ROOT);
        out.add(c.endsWith(".") ? c.substring(0, c.length() - 1) : c);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  /** What an egress call gets once the session holds both private data and untrusted content. */
  public enum Trifecta {
    /** Needs a human's approval. */
    ASK,
    /** Refused. */
    DENY,
    /** Not checked. */
    OFF;

    /**
     * Parses {@code ask}, {@code deny} or {@code off}.
     *
     * @param text the label as written in a policy file
     * @return the matching setting
     * @throws IllegalArgumentException for anything else
     */
    public static Trifecta fromLabel(String text) {
      for (Trifecta t : values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(text)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown trifecta '" + text + "': expected ask, deny or off");
    }
  }

  /** What a secret found in a tool result does. */
  public enum Results {
    /** Labels the session private and masks the secret before the model sees it. */
    REDACT,
    /** Labels the session private; the result is returned unchanged. */
    LABEL,
    /** Results are not scanned. */
    OFF;

    /**
     * Parses {@code redact}, {@code label} or {@code off}.
     *
     * @param text the label as written in a policy file
     * @return the matching setting
     * @throws IllegalArgumentException for anything else
     */
    public static Results fromLabel(String text) {
      for (Results r : values()) {
        if (r.name().toLowerCase(Locale.ROOT).equals(text)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown results '" + text + "': expected redact, label or off");
    }
  }

  /**
   * Per-conversation limits; 0 means no limit.
   *
   * @param maxCalls calls per conversation
   * @param perMinute calls per conversation in any 60 seconds, all tools together
   * @param maxIdentical calls with the same tool and the same arguments (as written) per conversation
   * @param maxApprovals calls that need approval per conversation
   */
  public record Budgets(int maxCalls, int perMinute, int maxIdentical, int maxApprovals) {
    /** No limits. */
    public static final Budgets NONE = new Budgets(0, 0, 0, 0);

    /**
     * Validates the components.
     *
     * @param maxCalls calls per conversation
     * @param perMinute calls per conversation in any 60 seconds, all tools together
     * @param maxIdentical calls with the same tool and the same arguments (as written) per conversation
     * @param maxApprovals calls that need approval per conversation
     */
    public Budgets {
      nonNegative(maxCalls, "maxCalls");
      nonNegative(perMinute, "perMinute");
      nonNegative(maxIdentical, "maxIdentical");
      nonNegative(maxApprovals, "maxApprovals");
      if (perMinute > MAX_PER_MINUTE) {
        throw new IllegalArgumentException("perMinute must be at most " + MAX_PER_MINUTE + ", got " + perMinute);
      }
    }

    private static void nonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be a positive number (0 for no limit), got " + value);
      }
    }
  }

  /**
   * A flow rule: once the session has seen every item of {@code after} (labels, or tools called earlier), a call
   * to one of {@code tools} (and carrying every label of {@code labels}) gets {@code decision}.
   *
   * @param id the rule id reported in decisions
   * @param after labels ({@code private}, {@code untrusted}, {@code egress}) or tool names (globs with {@code *})
   * @param tools tool-name globs the rule applies to; empty: any tool
   * @param labels labels the call itself must carry; empty: no condition
   * @param decision ask or deny
   * @param reason an optional explanation added to the decision's reason
   */
  public record FlowRule(
      String id, List<String> after, List<String> tools, List<String> labels, Verdict decision, String reason) {

    /**
     * Validates the components.
     *
     * @param id the rule id reported in decisions
     * @param after labels ({@code private}, {@code untrusted}, {@code egress}) or tool names (globs with {@code *})
     * @param tools tool-name globs the rule applies to; empty: any tool
     * @param labels labels the call itself must carry; empty: no condition
     * @param decision ask or deny
     * @param reason an optional explanation added to the decision's reason
     */
    public FlowRule {
      Objects.requireNonNull(id, "id must not be null");
      if (id.isBlank()) {
        throw new IllegalArgumentException("a session rule id must not be blank");
      }
      after = List.copyOf(Objects.requireNonNull(after, "after must not be null"));
      tools = List.copyOf(Objects.requireNonNull(tools, "tools must not be null"));
      labels = List.copyOf(Objects.requireNonNull(labels, "labels must not be null"));
      Objects.requireNonNull(decision, "decision must not be null");
      reason = reason == null ? "" : reason;
      if (after.isEmpty()) {
        throw new IllegalArgumentException("session rule '" + id + "' needs a non-empty 'after' list");
      }
      if (tools.isEmpty() && labels.isEmpty()) {
        throw new IllegalArgumentException("session rule '" + id + "' needs 'tools' (or 'labels')");
      }
      if (decision == Verdict.ALLOW) {
        throw new IllegalArgumentException("session rule '" + id + "' can only ask or deny, not allow");
      }
      for (String l : labels) {
        if (SessionLabel.fromLabel(l) == null) {
          throw new IllegalArgumentException("unknown label '" + l + "' in session rule '" + id
              + "': expected private, untrusted or egress");
        }
      }
      for (String s : after) {
        if (s.isBlank()) {
          throw new IllegalArgumentException("session rule '" + id + "' has a blank item in 'after'");
        }
      }
      for (String s : tools) {
        if (s.isBlank()) {
          throw new IllegalArgumentException("session rule '" + id + "' has a blank tool name");
        }
      }
    }
  }

  /** Builds a {@link SessionPolicy} (enabled). Not thread-safe. */
  public static final class Builder {
    private List<String> privateGlobs = DEFAULT_PRIVATE;
    private final List<String> trusted = new ArrayList<>();
    private final List<String> sameOrigin = new ArrayList<>();
    private Trifecta trifecta = Trifecta.ASK;
    private Results results = Results.LABEL;
    private Budgets budgets = Budgets.NONE;
    private final List<FlowRule> rules = new ArrayList<>();
    private final List<String> untrustedTools = new ArrayList<>();

    private Builder() {}

    /**
     * Replaces the private globs (default {@link #DEFAULT_PRIVATE}).
     *
     * @param globs the path globs; copied
     * @return this builder
     */
    public Builder privateGlobs(List<String> globs) {
      this.privateGlobs = List.copyOf(globs);
      return this;
    }

    /**
     * Adds a trusted host.
     *
     * @param host a host name, or {@code *.example.com} for its subdomains
     * @return this builder
     */
    public Builder trusted(String host) {
      trusted.add(Objects.requireNonNull(host, "host must not be null"));
      return this;
    }

    /**
     * Adds a same-origin host.
     *
     * @param host a host name, or {@code *.example.com} for its subdomains
     * @return this builder
     */
    public Builder sameOrigin(String host) {
      sameOrigin.add(Objects.requireNonNull(host, "host must not be null"));
      return this;
    }

    /**
     * Sets what the lethal trifecta gets (default ask).
     *
     * @param trifecta ask, deny or off
     * @return this builder
     */
    public Builder trifecta(Trifecta trifecta) {
      this.trifecta = Objects.requireNonNull(trifecta, "trifecta must not be null");
      return this;
    }

    /**
     * Sets what secrets in results do (default label).
     *
     * @param results redact, label or off
     * @return this builder
     */
    public Builder results(Results results) {
      this.results = Objects.requireNonNull(results, "results must not be null");
      return this;
    }

    /**
     * Sets the budgets (default none).
     *
     * @param budgets the per-conversation limits
     * @return this builder
     */
    public Builder budgets(Budgets budgets) {
      this.budgets = Objects.requireNonNull(budgets, "budgets must not be null");
      return this;
    }

    /**
     * Adds a flow rule.
     *
     * @param rule the rule, checked in the order added
     * @return this builder
     */
    public Builder rule(FlowRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule must not be null"));
      return this;
    }

    /**
     * Marks tools (name globs) whose output is untrusted content.
     *
     * @param glob a tool-name glob
     * @return this builder
     */
    public Builder untrustedTool(String glob) {
      untrustedTools.add(Objects.requireNonNull(glob, "glob must not be null"));
      return this;
    }

    /**
     * Returns the section.
     *
     * @return the section
     * @throws IllegalArgumentException if a glob, host or rule is invalid
     */
    public SessionPolicy build() {
      return new SessionPolicy(true, privateGlobs, trusted, sameOrigin, trifecta, results, budgets, rules,
          untrustedTools);
    }
  }
}
