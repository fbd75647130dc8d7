package dev.agentguard.core.net;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The network allowlist: a URL must be well-formed by a strict reading, use an allowed scheme, and reach an
 * allowed host and port; nothing may reach a loopback, private, link-local, multicast, reserved or cloud-metadata
 * address unless a {@code cidr:} rule opens that range (metadata addresses never). Host names are checked
 * against what the {@link HostResolver} answers: every answer must be public or opened by a {@code cidr:} rule.
 * Thread-safe and immutable.
 *
 * <p>Rule ids in decisions: {@code network.allow}, {@code network.cidr}, {@code network.invalid-url},
 * {@code network.scheme}, {@code network.userinfo}, {@code network.non-canonical-ip},
 * {@code network.private-address}, {@code network.private-name}, {@code network.local-name},
 * {@code network.metadata}, {@code network.port}, {@code network.outside}, {@code network.resolution-failed}.
 */
public final class NetworkCheck implements GuardCheck {

  /** The rule id of a refusal because a URL could not be parsed or is not canonical enough to judge. */
  public static final String RULE_INVALID_URL = "network.invalid-url";

  /** The rule id of a refusal because a host name could not be resolved. */
  public static final String RULE_RESOLUTION_FAILED = "network.resolution-failed";

  static final String ALLOW = "network.allow";
  static final String CIDR = "network.cidr";
  static final String PORT = "network.port";
  static final String OUTSIDE = "network.outside";
  static final String RESOLUTION_FAILED = "network.resolution-failed";
  static final String PRIVATE_NAME = "network.private-name";
  static final String LOCAL_NAME = "network.local-name";

  private final NetworkRules rules;
  private final HostResolver resolver;
  private final HostRuleIndex index;
  private final Set<String> schemes;
  private final NameResolution names;

  /**
   * Creates the check for {@code rules}, resolving names with {@code resolver}.
   *
   * @param rules the policy's network section
   * @param resolver resolves host names, so that a name leading to a private address is caught
   * @throws IllegalArgumentException if a rule's host pattern or CIDR is malformed
   */
  public NetworkCheck(NetworkRules rules, HostResolver resolver) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
    this.index = new HostRuleIndex(rules.allow());
    this.schemes = rules.schemes().stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.names = new NameResolution(this.resolver, index);
  }

  @Override
  public String name() {
    return CheckNames.NETWORK;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    List<Decision> out = new ArrayList<>();
    for (Resource r : request.resources()) {
      if (r instanceof Resource.NetworkAccess) {
        out.add(check(((Resource.NetworkAccess) r).url()));
      }
    }
    return out;
  }

  /**
   * As {@link #evaluate(CheckRequest)}, and adds to {@code hosts} the canonical host (lower case, no trailing dot,
   * IDN in ASCII) of each URL resource, or {@code null} for a URL that could not be parsed.
   *
   * @param request the call to judge
   * @param hosts receives one entry per URL resource, in order
   * @return one decision per URL resource
   */
  public List<Decision> evaluate(CheckRequest request, List<String> hosts) {
    Objects.requireNonNull(hosts, "hosts must not be null");
    List<Decision> out = new ArrayList<>();
    for (Resource r : request.resources()) {
      if (r instanceof Resource.NetworkAccess) {
        ResolvedTarget j = judge(((Resource.NetworkAccess) r).url());
        out.add(j.decision());
        hosts.add(j.parsed() ? j.host() : null);
      }
    }
    return out;
  }

  /**
   * The rules this check enforces.
   *
   * @return the network section
   */
  public NetworkRules rules() {
    return rules;
  }

  /**
   * The resolver this check asks about host names.
   *
   * @return the resolver
   */
  public HostResolver resolver() {
    return resolver;
  }

  /**
   * Judges one URL. Never throws for bad input: bad input is a DENY.
   *
   * @param url the URL as the call gave it
   * @return the decision, naming the rule that decided
   */
  public Decision check(String url) {
    Objects.requireNonNull(url, "url must not be null");
    return judge(url).decision();
  }

  /**
   * Judges one URL like {@link #check} and returns the checked addresses with the decision, so that a
   * connection can use exactly those. Never throws for bad input.
   *
   * @param url the URL as the call gave it
   * @return the decision with the host, port and addresses it judged
   */
  public ResolvedTarget resolveTarget(String url) {
    Objects.requireNonNull(url, "url must not be null");
    return judge(url);
  }

  /** Judges one URL and returns the checked addresses, so that a connection can use exactly those. */
  ResolvedTarget judge(String url) {
    try {
      StrictUrl.Result parsed = StrictUrl.parse(url);
      if (parsed.failure() != null) {
        return new ResolvedTarget(deny(parsed.failure().rule(), parsed.failure().reason()), null, List.of());
      }
      return judge(parsed.url());
    } catch (RuntimeException e) {
      // fail closed on any bug or unexpected input
      return new ResolvedTarget(deny(StrictUrl.INVALID, "URL could not be checked: " + e), null, List.of());
    }
  }

  /** Where the URL leads is judged first (metadata, private), so reasons name the worst problem. */
  private ResolvedTarget judge(StrictUrl u) {
    if (u.kind() != StrictUrl.HostKind.NAME) {
      return new ResolvedTarget(judgeLiteral(u), u, List.of(IpAddresses.toInetAddress(u.address())));
    }
    return judgeName(u);
  }

  private Decision judgeLiteral(StrictUrl u) {
    byte[] a = u.address();
    AddressRanges.Finding meta = AddressRanges.metadata(a);
    if (meta != null) {
      return deny(meta.rule(), meta.reason());
    }
    List<HostRuleIndex.CidrRule> cidrs = index.matchCidr(a);
    AddressRanges.Finding priv = AddressRanges.nonPublic(a);
    if (priv != null && cidrs.isEmpty()) {
      return deny(priv.rule(), priv.reason() + ", which is not reachable without a cidr rule");
    }
    Decision scheme = schemeDenied(u);
    if (scheme != null) {
      return scheme;
    }
    for (HostRuleIndex.CidrRule c : cidrs) {
      if (c.rule().allowsPort(u.scheme(), u.port())) {
        return Decision.allow(CheckNames.NETWORK, CIDR, u.host() + " port " + u.port() + " is opened by rule "
            + index.describe(c.rule()));
      }
    }
    if (priv != null) {
      return portDenied(u, cidrs.get(0).rule());
    }
    List<HostRule> hosts = index.matchAddress(a);
    for (HostRule r : hosts) {
      if (r.allowsPort(u.scheme(), u.port())) {
        return Decision.allow(CheckNames.NETWORK, ALLOW, u.host() + " port " + u.port() + " matches rule "
            + index.describe(r));
      }
    }
    if (!hosts.isEmpty()) {
      return portDenied(u, hosts.get(0));
    }
    if (!cidrs.isEmpty()) {
      return portDenied(u, cidrs.get(0).rule());
    }
    return outside(u);
  }

  private ResolvedTarget judgeName(StrictUrl u) {
    Decision refused = specialName(u);
    if (refused != null) {
      return new ResolvedTarget(refused, u, List.of());
    }
    String name = u.host();
    boolean local = SpecialNames.isLocal(name);
    List<HostRule> matches = index.matchName(name, !local);
    if (matches.isEmpty()) {
      return unmatchedName(u, local);
    }
    for (HostRule r : matches) {
      if (r.allowsPort(u.scheme(), u.port())) {
        return matchedName(u, r);
      }
    }
    ResolvedTarget viaCidr = names.cidrOnly(u);
    return viaCidr != null ? viaCidr : new ResolvedTarget(portDenied(u, matches.get(0)), u, List.of());
  }

  /** A DENY for a metadata, loopback or disguised name, or for the scheme; else {@code null}. */
  private Decision specialName(StrictUrl u) {
    String name = u.host();
    String why = SpecialNames.metadata(name);
    if (why != null) {
      return deny(AddressRanges.METADATA, why);
    }
    why = SpecialNames.loopback(name);
    if (why != null) {
      return deny(AddressRanges.PRIVATE, why);
    }
    why = SpecialNames.trick(name);
    if (why != null) {
      return deny(PRIVATE_NAME, why);
    }
    return schemeDenied(u);
  }

  /** A name {@code allowing} opens on the port: allowed unless an answer leads somewhere blocked. */
  private ResolvedTarget matchedName(StrictUrl u, HostRule allowing) {
    String name = u.host();
    List<InetAddress> answers;
    try {
      answers = names.resolve(name);
    } catch (UnknownHostException e) {
      return new ResolvedTarget(deny(RESOLUTION_FAILED, "could not resolve " + name
          + (e.getMessage() == null || e.getMessage().equals(name) ? "" : ": " + e.getMessage())), u, List.of());
    }
    if (answers.isEmpty()) {
      return new ResolvedTarget(Decision.allow(CheckNames.NETWORK, ALLOW, name + " port " + u.port() + " matches rule "
          + index.describe(allowing) + " (no DNS data: judged by name)"), u, List.of());
    }
    Decision bad = names.firstBlocked(u, answers);
    if (bad != null) {
      return new ResolvedTarget(bad, u, answers);
    }
    return new ResolvedTarget(Decision.allow(CheckNames.NETWORK, ALLOW, name + " port " + u.port() + " matches rule "
        + index.describe(allowing) + "; resolves to " + NameResolution.format(answers)), u, answers);
  }

  /** A name no host rule covers: allowed only if every answer lies in a cidr rule. */
  private ResolvedTarget unmatchedName(StrictUrl u, boolean local) {
    String name = u.host();
    ResolvedTarget viaCidr = names.cidrOnly(u);
    if (viaCidr != null) {
      return viaCidr;
    }
    if (local) {
      return new ResolvedTarget(deny(LOCAL_NAME, name + " is a local-use name (single label or a local-use top-level"
          + " name); only a rule naming it explicitly (not '*') allows it"), u, List.of());
    }
    if (rules.outside() == Verdict.ASK) {
      // a person asked about a name must not be asked to open a private or metadata address in disguise
      try {
        List<InetAddress> answers = names.resolve(name);
        Decision bad = names.firstBlocked(u, answers);
        if (bad != null) {
          return new ResolvedTarget(bad, u, answers);
        }
      } catch (UnknownHostException e) {
        // no answers: judged by name alone
      }
    }
    return new ResolvedTarget(outside(u), u, List.of());
  }

  private Decision schemeDenied(StrictUrl u) {
    if (schemes.contains(u.scheme())) {
      return null;
    }
    return deny(StrictUrl.SCHEME, "scheme '" + u.scheme() + "' is not allowed by the policy (allowed: "
        + String.join(", ", rules.schemes()) + ")");
  }

  private Decision portDenied(StrictUrl u, HostRule rule) {
    return deny(PORT, u.hostForUrl() + " matches rule " + index.describe(rule) + ", but port " + u.port()
        + " is not open for " + u.scheme());
  }

  private Decision outside(StrictUrl u) {
    String reason = u.hostForUrl() + " port " + u.port() + " matches no network allow rule";
    return new Decision(rules.outside() == Verdict.ASK ? Verdict.ASK : Verdict.DENY, CheckNames.NETWORK, OUTSIDE,
        reason);
  }

  private static Decision deny(String rule, String reason) {
    return Decision.deny(CheckNames.NETWORK, rule, reason);
  }
}
