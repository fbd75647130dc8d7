package dev.agentguard.core.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow rules indexed for lookup: exact names and addresses in hash maps, {@code *.suffix} rules in a hash
 * map keyed by suffix (a lookup walks the host's own suffixes, so cost grows with the host's label count, not
 * the rule count), {@code *} rules in a list, and CIDR ranges in a list that, when long, is also hashed by
 * network per prefix length (one probe per distinct prefix length). Immutable after construction.
 */
final class HostRuleIndex {

  /** A CIDR rule with its parsed range. */
  record CidrRule(Cidr cidr, HostRule rule) {}

  private final Map<String, List<HostRule>> exact = new HashMap<>();
  private final Map<String, List<HostRule>> suffixes = new HashMap<>();
  private final Map<String, List<HostRule>> addresses = new HashMap<>();
  private final List<HostRule> any = new ArrayList<>();
  /** Each rule's {@link HostRule#describe()}, made once for the reasons. */
  private final Map<HostRule, String> descriptions = new java.util.IdentityHashMap<>();
  /** Whether some {@code *.suffix} rule's suffix has this length: other suffixes of a name are not looked up. */
  private final boolean[] suffixLengths;
  private final List<CidrRule> cidrs = new ArrayList<>();

  /** Above this many CIDR rules, {@link #matchCidr} probes {@link #cidrsByKey} instead of scanning. */
  static final int CIDR_SCAN_LIMIT = 16;
  /** Positions in {@link #cidrs} by the range's text ({@code network/prefix}, network canonical). */
  private final Map<String, List<Integer>> cidrsByKey = new HashMap<>();
  /** The distinct prefix lengths of the CIDR rules, by address length in bytes (4 or 16). */
  private final Map<Integer, int[]> prefixLengths = new HashMap<>();

  HostRuleIndex(List<HostRule> rules) {
    for (HostRule r : rules) {
      descriptions.put(r, r.describe());
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
    int longest = 0;
    for (String suffix : suffixes.keySet()) {
      longest = Math.max(longest, suffix.length());
    }
    suffixLengths = new boolean[longest + 1];
    for (String suffix : suffixes.keySet()) {
      suffixLengths[suffix.length()] = true;
    }
    exact.replaceAll((k, v) -> List.copyOf(v));
    Map<Integer, java.util.TreeSet<Integer>> lengths = new HashMap<>();
    for (int i = 0; i < cidrs.size(); i++) {
      Cidr c = cidrs.get(i).cidr();
      cidrsByKey.computeIfAbsent(c.toString(), k -> new ArrayList<>()).add(i);
      int bytes = c.toString().indexOf(':') >= 0 ? 16 : 4;
      lengths.computeIfAbsent(bytes, k -> new java.util.TreeSet<>()).add(c.prefix());
    }
    lengths.forEach((bytes, set) -> prefixLengths.put(bytes, set.stream().mapToInt(Integer::intValue).toArray()));
  }

  /**
   * The host rules matching a canonical name, most specific first: exact, then suffixes from longest to
   * shortest, then {@code *} (only when {@code includeAny}).
   */
  List<HostRule> matchName(String name, boolean includeAny) {
    List<HostRule> exactRules = exact.getOrDefault(name, List.of());
    List<HostRule> out = null;
    if (!suffixes.isEmpty()) {
      for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
        int length = name.length() - i - 1;
        List<HostRule> hits = length < suffixLengths.length && suffixLengths[length]
            ? suffixes.get(name.substring(i + 1)) : null;
        if (hits != null) {
          out = out != null ? out : new ArrayList<>(exactRules);
          out.addAll(hits);
        }
      }
    }
    if (includeAny && !any.isEmpty()) {
      out = out != null ? out : new ArrayList<>(exactRules);
      out.addAll(any);
    }
    return out != null ? out : exactRules;
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
    if (cidrs.size() <= CIDR_SCAN_LIMIT) {
      for (CidrRule c : cidrs) {
        if (c.cidr().contains(address)) {
          out.add(c);
        }
      }
      return out;
    }
    // A range contains an address exactly when the address, masked to the range's prefix, is the range's
    // network (same family): one hash probe per distinct prefix length, then rule order restored.
    int[] lengths = prefixLengths.get(address.length);
    if (lengths == null) {
      return out;
    }
    List<Integer> hits = new ArrayList<>();
    for (int prefix : lengths) {
      List<Integer> positions = cidrsByKey.get(IpAddresses.format(masked(address, prefix)) + "/" + prefix);
      if (positions != null) {
        hits.addAll(positions);
      }
    }
    hits.sort(null);
    for (int i : hits) {
      out.add(cidrs.get(i));
    }
    return out;
  }

  /** {@code address} with every bit after the first {@code prefix} cleared. */
  static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff));
    }
    return out;
  }

  /** How reasons name {@code rule}: {@link HostRule#describe()}, made once per rule of this index. */
  String describe(HostRule rule) {
    String d = descriptions.get(rule);
    return d != null ? d : rule.describe();
  }

  /** Whether any CIDR rule exists. */
  boolean hasCidrRules() {
    return !cidrs.isEmpty();
  }
}
