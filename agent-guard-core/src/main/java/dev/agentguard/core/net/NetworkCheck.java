package dev.agentguard.core.net;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.core.CheckNames;
import dev.agentguard.core.CheckRequest;
import dev.agentguard.core.GuardCheck;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The network allowlist: URL resources must use an allowed scheme, reach an allowed host and port, and never a
 * non-public address. (Foundation version: strict parsing and encodings follow.)
 */
public final class NetworkCheck implements GuardCheck {

  private final NetworkRules rules;
  private final HostResolver resolver;

  /** Creates the check for {@code rules}, resolving names with {@code resolver}. */
  public NetworkCheck(NetworkRules rules, HostResolver resolver) {
    this.rules = Objects.requireNonNull(rules, "rules must not be null");
    this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
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

  /** Judges one URL. */
  public Decision check(String url) {
    Objects.requireNonNull(url, "url must not be null");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return deny("network.invalid-url", "invalid URL: " + e.getMessage());
    }
    String host = uri.getHost();
    if (uri.getScheme() == null || host == null || uri.getUserInfo() != null) {
      return deny("network.invalid-url", "URL has no host, or has userinfo: " + url);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!rules.schemes().contains(scheme)) {
      return deny("network.scheme", "scheme '" + scheme + "' is not allowed");
    }
    host = host.toLowerCase(Locale.ROOT);
    try {
      for (InetAddress a : resolver.resolve(host)) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
          return deny("network.private-address", host + " reaches non-public address " + a.getHostAddress());
        }
      }
    } catch (UnknownHostException e) {
      return deny("network.resolution-failed", "could not resolve " + host);
    }
    for (HostRule rule : rules.allow()) {
      if (rule.host() != null && (rule.host().equals(host) || rule.host().equals("*")
          || (rule.host().startsWith("*.") && host.endsWith(rule.host().substring(1))))) {
        return Decision.allow(CheckNames.NETWORK, "network.allow", host + " matches " + rule.host());
      }
    }
    return new Decision(rules.outside(), CheckNames.NETWORK, "network.outside", host + " matches no allow rule");
  }

  private static Decision deny(String rule, String reason) {
    return Decision.deny(CheckNames.NETWORK, rule, reason);
  }
}
