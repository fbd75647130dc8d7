package dev.agentguard.core.policy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.net.HostRule;
import dev.agentguard.core.net.NetworkRules;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import dev.agentguard.core.policy.LocatedTree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the {@code network} section (schemes, host and CIDR rules with ports, outside) and host lists. */
final class NetworkSection {

  private static final Set<String> KNOWN_SCHEMES = Set.of("http", "https", "ws", "wss", "ftp");

  private final PolicyFields in;

  NetworkSection(PolicyFields in) {
    this.in = in;
  }

  NetworkRules read(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "network");
    if (o == null) {
      return NetworkRules.NONE;
    }
    in.keys(o, "network", "schemes", "allow", "outside");
    List<String> schemes = schemes(o.fields().get("schemes"));
    if (o.fields().containsKey("allow")) {
      in.markPresent("network.allow");
    }
    List<HostRule> allow = new ArrayList<>();
    for (Node item : in.list(o.fields().get("allow"), "network.allow")) {
      HostRule rule = rule(item);
      if (rule != null) {
        allow.add(rule);
      }
    }
    Verdict outside = in.denyOrAsk(o.fields().get("outside"), "network.outside");
    return new NetworkRules(schemes, allow, outside);
  }

  private List<String> schemes(Field s) {
    List<String> schemes = new ArrayList<>(NetworkRules.NONE.schemes());
    if (s == null) {
      return schemes;
    }
    in.markPresent("network.schemes");
    schemes.clear();
    for (Node item : in.list(s, "network.schemes")) {
      String scheme = in.string(item, "a scheme");
      if (scheme == null) {
        continue;
      }
      if (!KNOWN_SCHEMES.contains(scheme)) {
        in.error(item, "unknown scheme '" + scheme + "': expected one of " + String.join(", ",
            new TreeSet<>(KNOWN_SCHEMES)) + " (lower case)");
      } else if (!schemes.contains(scheme)) {
        schemes.add(scheme);
      }
    }
    return schemes;
  }

  /** One {@code {host|cidr, ports}} rule; {@code null} after reporting why it is invalid. */
  private HostRule rule(Node item) {
    Obj r = in.object(item, "a network rule");
    if (r == null) {
      return null;
    }
    in.keys(r, "a network rule", "host", "cidr", "ports");
    Field host = r.fields().get("host");
    Field cidr = r.fields().get("cidr");
    if ((host == null) == (cidr == null)) {
      in.error(r, "a network rule needs exactly one of 'host' and 'cidr'");
      return null;
    }
    List<Integer> ports = ports(r.fields().get("ports"));
    if (ports == null) {
      return null;
    }
    Field which = host != null ? host : cidr;
    String value = in.string(which.value(), host != null ? "host" : "cidr");
    if (value == null) {
      return null;
    }
    try {
      return host != null ? HostRule.host(value, ports) : HostRule.cidr(value, ports);
    } catch (IllegalArgumentException e) {
      in.error(which.value(), e.getMessage());
      return null;
    }
  }

  /** The ports of a rule (empty: any); {@code null} after reporting at least one invalid port. */
  private List<Integer> ports(Field field) {
    List<Integer> ports = new ArrayList<>();
    boolean ok = true;
    for (Node item : in.list(field, "ports")) {
      int port = port(item);
      if (port < 0) {
        ok = false;
      } else {
        ports.add(port);
      }
    }
    return ok ? ports : null;
  }

  /** A port from 1 to 65535, or -1 after reporting why the item is not one. */
  private int port(Node item) {
    if (!(item instanceof Scalar) || !((Scalar) item).isInteger()) {
      in.error(item, "a port must be an integer from 1 to 65535, got " + PolicyFields.describe(item));
      return -1;
    }
    String text = ((Scalar) item).text();
    if (!text.matches("-?\\d+")) {
      in.error(item, "a port must be an integer from 1 to 65535, got " + text);
      return -1;
    }
    long port;
    try {
      port = Long.parseLong(text);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      in.error(item, "port " + text + " is out of range 1-65535");
      return -1;
    }
    return (int) port;
  }

  /** A list of host patterns (as in a rule's {@code host}); invalid ones are reported with {@code where}. */
  List<String> hosts(Field field, String where) {
    List<String> out = new ArrayList<>();
    for (Node item : in.list(field, where)) {
      String host = in.string(item, "a host in " + where);
      if (host == null) {
        continue;
      }
      try {
        HostRule.host(host);
        out.add(host);
      } catch (IllegalArgumentException e) {
        in.error(item, where + ": " + e.getMessage());
      }
    }
    return out;
  }
}
