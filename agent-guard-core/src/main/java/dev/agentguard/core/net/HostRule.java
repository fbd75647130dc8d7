package dev.agentguard.core.net;

import java.util.List;
import java.util.Objects;

/**
 * One {@code network.allow} entry: a host pattern ({@code api.github.com}, {@code *.example.com}, {@code *}) or
 * a CIDR range, with the ports it opens (none listed: the scheme's default port only). Exactly one of
 * {@code host} and {@code cidr} is present.
 *
 * @param host the host pattern, or {@code null}
 * @param cidr the address range, or {@code null}
 * @param ports the ports opened; empty means the scheme's default port
 */
public record HostRule(String host, String cidr, List<Integer> ports) {

  /** Validates the components. */
  public HostRule {
    if ((host == null) == (cidr == null)) {
      throw new IllegalArgumentException("a network rule needs exactly one of host and cidr");
    }
    ports = List.copyOf(Objects.requireNonNull(ports, "ports must not be null"));
    for (Integer port : ports) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
      }
    }
  }

  /** A host pattern with ports. */
  public static HostRule host(String host, List<Integer> ports) {
    return new HostRule(Objects.requireNonNull(host, "host must not be null"), null, ports);
  }

  /** A host pattern on the scheme's default port. */
  public static HostRule host(String host) {
    return host(host, List.of());
  }

  /** An address range with ports. */
  public static HostRule cidr(String cidr, List<Integer> ports) {
    return new HostRule(null, Objects.requireNonNull(cidr, "cidr must not be null"), ports);
  }

  /** An address range on the scheme's default port. */
  public static HostRule cidr(String cidr) {
    return cidr(cidr, List.of());
  }
}
