package dev.agentguard.core.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow rules indexed for lookup: exact names and addresses in hash maps, {@code *.suffix} rules in a hash
 * map keyed by suffix (a lookup walks the host's own suffixes, so cost grows with the host's label count, not
 * the rule count), {@code *} rules and CIDR ranges in lists. Immutable after construction.
 */
final class HostRuleIndex {

  /** A CIDR rule with its parsed range. */
  record CidrRule(Cidr cidr, HostRule rule) {}

  private final Map<String, List<HostRule>> exact = new HashMap<>();
  private final Map<String, List<HostRule>> suffixes = new HashMap<>();
  private final Map<String, List<HostRule>> addresses = new HashMap<>();
  private final List<HostRule> any = new ArrayList<>();
  private final List<CidrRule> cidrs = new ArrayList<>();

  HostRuleIndex(List<HostRule> rules) {
    for (HostRule r : rules) {
      if (r.cidr() != null) {
        cidrs.add(new CidrRule(Cidr.parse(r.cidr()), r));
        continue;
      }
      HostPattern p = HostPattern.parse(r.host());
      switch (p.kind()) {
        case ANY:
          any.add(r);
          break;
        case SUFFIX:
          suffixes.computeIfAbsent(p.value(), k -> new ArrayList<>()).add(r);
          break;
        case EXACT:
          exact.computeIfAbsent(p.value(), k -> new ArrayList<>()).add(r);
          break;
        case ADDRESS:
          addresses.computeIfAbsent(p.value(), k -> new ArrayList<>()).add(r);
          break;
        default:
          throw new IllegalStateException("unknown pattern kind " + p.kind());
      }
    }
  }

  /**
   * The host rules matching a canonical name, most specific first: exact, then suffixes from longest to
   * shortest, then {@code *} (only when {@code includeAny}).
   */
  List<HostRule> matchName(String name, boolean includeAny) {
    List<HostRule> out = new ArrayList<>(exact.getOrDefault(name, List.of()));
    if (!suffixes.isEmpty()) {
      for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
        out.addAll(suffixes.getOrDefault(name.substring(i + 1), List.of()));
      }
    }
    if (includeAny) {
      out.addAll(any);
    }
    return out;
  }

  /** The host rules matching an IP literal: exact address rules, then {@code *}. */
  List<HostRule> matchAddress(byte[] address) {
    List<HostRule> out = new ArrayList<>(addresses.getOrDefault(IpAddresses.format(address), List.of()));
    out.addAll(any);
    return out;
  }

  /** The CIDR rules whose range contains {@code address}. */
  List<CidrRule> matchCidr(byte[] address) {
    List<CidrRule> out = new ArrayList<>();
    for (CidrRule c : cidrs) {
      if (c.cidr().contains(address)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Whether any CIDR rule exists. */
  boolean hasCidrRules() {
    return !cidrs.isEmpty();
  }
}
