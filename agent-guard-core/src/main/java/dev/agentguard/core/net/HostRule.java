package dev.agentguard.core.net;

import java.util.List;
import java.util.Objects;

/**
 * One {@code network.allow} entry: a host pattern ({@code api.github.com}, {@code *.example.com}, {@code *}, or an
 * exact public IP address) or a CIDR range that opens addresses on purpose, with the ports it opens (none listed:
 * the scheme's default port only). Exactly one of {@code host} and {@code cidr} is present. The constructor
 * validates both and throws {@link IllegalArgumentException} with a message saying what is wrong.
 *
 * @param host the host pattern, or {@code null}
 * @param cidr the address range (such as {@code 10.20.0.0/16} or {@code fd00::/8}), or {@code null}
 * @param ports the ports opened; empty means the scheme's default port
 */
public record HostRule(String host, String cidr, List<Integer> ports) {

  /**
   * Validates the components.
   *
   * @param host the host pattern, or {@code null}
   * @param cidr the address range (such as {@code 10.20.0.0/16} or {@code fd00::/8}), or {@code null}
   * @param ports the ports opened; empty means the scheme's default port
   */
  public HostRule {
    if ((host == null) == (cidr == null)) {
      throw new IllegalArgumentException("a network rule needs exactly one of host and cidr");
    }
    Objects.requireNonNull(ports, "ports must not be null");
    for (Integer port : ports) {
      if (port == null) {
        throw new IllegalArgumentException("ports must not contain null");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
      }
    }
    ports = List.copyOf(ports);
    if (host != null) {
      HostPattern.parse(host);
    } else {
      Cidr.parse(cidr);
    }
  }

  /**
   * A host pattern with ports.
   *
   * @return a host pattern with ports
   */
  public static HostRule host(String host, List<Integer> ports) {
    return new HostRule(Objects.requireNonNull(host, "host must not be null"), null, ports);
  }

  /**
   * A host pattern on the scheme's default port.
   *
   * @return a host pattern on the scheme's default port
   */
  public static HostRule host(String host) {
    return host(host, List.of());
  }

  /**
   * An address range with ports.
   *
   * @return an address range with ports
   */
  public static HostRule cidr(String cidr, List<Integer> ports) {
    return new HostRule(null, Objects.requireNonNull(cidr, "cidr must not be null"), ports);
  }

  /**
   * An address range on the scheme's default port.
   *
   * @return an address range on the scheme's default port
   */
  public static HostRule cidr(String cidr) {
    return cidr(cidr, List.of());
  }

  /** How the rule appears in reasons, such as {@code host *.example.com ports [443]}. */
  String describe() {
    String what = host != null ? "host " + host : "cidr " + cidr;
    return ports.isEmpty() ? what + " (default port)" : what + " ports " + ports;
  }

  /** Whether this rule opens {@code port} for a URL of {@code scheme}. */
  boolean allowsPort(String scheme, int port) {
    if (ports.isEmpty()) {
      Integer def = StrictUrl.DEFAULT_PORTS.get(scheme);
      return def != null && def == port;
    }
    return ports.contains(port);
  }
}
