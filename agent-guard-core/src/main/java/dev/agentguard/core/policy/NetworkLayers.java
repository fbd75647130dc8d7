package dev.agentguard.core.policy;

import static dev.agentguard.core.policy.PolicyLayers.stricter;
import static dev.agentguard.core.policy.PolicyLayers.warn;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.glob.GlobSyntax;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkRules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How a later layer's {@code network} section tightens the earlier ones: schemes and host rules only where an
 * earlier layer allows them, and {@code outside} no looser (nor ask once the allowed hosts narrow).
 */
final class NetworkLayers {

  private NetworkLayers() {}

  static NetworkRules network(NetworkRules base, NetworkRules over, String name, List<String> warnings,
      Predicate<String> set, boolean allowListed) {
    List<String> schemes = new ArrayList<>(set.test("network.schemes") ? List.of() : base.schemes());
    for (String s : set.test("network.schemes") ? over.schemes() : List.<String>of()) {
      if (base.schemes().contains(s)) {
        schemes.add(s);
      } else {
        warn(warnings, name, "scheme '" + s + "' is not allowed by an earlier layer; not applied");
      }
    }
    List<HostRule> allow = new ArrayList<>(base.allow());
    if (allowListed || !over.allow().isEmpty()) {
      allow.clear();
      for (HostRule r : over.allow()) {
        if (coveredBy(r, base.allow())) {
          allow.add(r);
        } else {
          warn(warnings, name, "network rule " + describe(r) + " is not allowed by an earlier layer; not applied");
        }
      }
    }
    Verdict outside = set.test("network.outside")
        ? stricter(base.outside(), over.outside(), "network.outside", name, warnings) : base.outside();
    if (outside != Verdict.DENY && !allow.containsAll(base.allow())) {
      // Under a dropped rule its host on another port was denied; with the rule gone that URL would fall to
      // network.outside (ask). Keep it denied.
      warn(warnings, name, "network.outside: ask becomes deny because this layer narrows the allowed hosts");
      outside = Verdict.DENY;
    }
    if (schemes.isEmpty()) {
      warn(warnings, name, "no scheme is left allowed; every URL is denied");
    }
    return new NetworkRules(schemes, allow, outside);
  }

  private static boolean coveredBy(HostRule r, List<HostRule> base) {
    for (HostRule b : base) {
      if (!b.ports().equals(r.ports()) && !(r.ports().isEmpty() ? b.ports().isEmpty()
          : b.ports().containsAll(r.ports()))) {
        continue;
      }
      if (r.cidr() != null) {
        if (r.cidr().equals(b.cidr())) {
          return true;
        }
        continue;
      }
      if (b.host() == null) {
        continue;
      }
      String bh = b.host();
      String rh = r.host();
      if (bh.equals(rh) || bh.equals(GlobSyntax.ANY_HOST) && !rh.equals(GlobSyntax.ANY_HOST)) {
        return true;
      }
      if (bh.startsWith(GlobSyntax.SUBDOMAINS) && !rh.equals(GlobSyntax.ANY_HOST)) {
        String suffix = bh.substring(1);
        String candidate = rh.startsWith(GlobSyntax.SUBDOMAINS) ? rh.substring(1) : rh;
        if (candidate.endsWith(suffix) && candidate.length() > suffix.length()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describe(HostRule r) {
    return (r.host() != null ? "host '" + r.host() + "'" : "cidr '" + r.cidr() + "'")
        + (r.ports().isEmpty() ? "" : " ports " + r.ports());
  }
}
