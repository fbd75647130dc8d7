package dev.agentguard.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * A plain, slow reference for the network policy, written independently of the production code: ranges as
 * BigInteger intervals built from {@link InetAddress} bytes, rules matched by a linear scan with string
 * comparisons. Covers canonical URLs only (the generators never produce special names).
 */
final class ReferenceOracle {

  private record Net(BigInteger base, int prefix, int bits) {
    boolean contains(byte[] a) {
      if (a.length * 8 != bits) {
        return false;
      }
      BigInteger v = new BigInteger(1, a);
      return v.shiftRight(bits - prefix).equals(base.shiftRight(bits - prefix));
    }
  }

  private static Net net(String addr, int prefix) {
    try {
      byte[] b = InetAddress.getByName(addr).getAddress();
      if (addr.contains(":") && b.length == 4) {
        // the JDK turns ::ffff:a.b.c.d into IPv4; rebuild the 16 bytes
        byte[] full = new byte[16];
        full[10] = (byte) 0xff;
        full[11] = (byte) 0xff;
        System.arraycopy(b, 0, full, 12, 4);
        b = full;
      }
      return new Net(new BigInteger(1, b), prefix, b.length * 8);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final List<Net> METADATA = List.of(net("169.254.169.254", 32), net("169.254.170.2", 32),
      net("fd00:ec2::254", 128), net("100.100.100.200", 32), net("192.0.0.192", 32));

  private static final List<Net> V4_BLOCKED = List.of(net("0.0.0.0", 8), net("10.0.0.0", 8),
      net("100.64.0.0", 10), net("127.0.0.0", 8), net("169.254.0.0", 16), net("172.16.0.0", 12),
      net("192.0.0.0", 24), net("192.0.2.0", 24), net("192.88.99.0", 24), net("192.168.0.0", 16),
      net("198.18.0.0", 15), net("198.51.100.0", 24), net("203.0.113.0", 24), net("224.0.0.0", 4),
      net("240.0.0.0", 4));

  private static final List<Net> V6_BLOCKED = List.of(net("::", 128), net("::1", 128), net("64:ff9b:1::", 48),
      net("100::", 64), net("2001:2::", 48), net("2001:10::", 28), net("2001:20::", 28), net("2001:db8::", 32),
      net("3fff::", 20), net("fc00::", 7), net("fe80::", 10), net("fec0::", 10), net("ff00::", 8));

  /** Whether {@code a} (4 or 16 bytes) is a metadata address, directly or embedded. */
  static boolean isMetadata(byte[] a) {
    if (METADATA.stream().anyMatch(n -> n.contains(a))) {
      return true;
    }
    return embedded(a).stream().anyMatch(ReferenceOracle::isMetadata);
  }

  /** Whether {@code a} is public. */
  static boolean isPublic(byte[] a) {
    if (isMetadata(a)) {
      return false;
    }
    if (a.length == 4) {
      return V4_BLOCKED.stream().noneMatch(n -> n.contains(a));
    }
    if (V6_BLOCKED.stream().anyMatch(n -> n.contains(a))) {
      return false;
    }
    List<byte[]> inner = embedded(a);
    if (!inner.isEmpty()) {
      return inner.stream().allMatch(ReferenceOracle::isPublic);
    }
    return net("2000::", 3).contains(a);
  }

  private static List<byte[]> embedded(byte[] a) {
    if (a.length != 16) {
      return List.of();
    }
    byte[] last = {a[12], a[13], a[14], a[15]};
    if (net("::ffff:0:0", 96).contains(a) || net("::", 96).contains(a) || net("64:ff9b::", 96).contains(a)) {
      return List.of(last);
    }
    if (net("2002::", 16).contains(a)) {
      return List.of(new byte[] {a[2], a[3], a[4], a[5]});
    }
    if (net("2001::", 32).contains(a)) {
      byte[] client = new byte[4];
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) (a[12 + i] ^ 0xff);
      }
      return List.of(new byte[] {a[4], a[5], a[6], a[7]}, client);
    }
    return List.of();
  }

  private static boolean portOk(HostRule r, String scheme, int port) {
    if (r.ports().isEmpty()) {
      return port == Map.of("http", 80, "https", 443).get(scheme);
    }
    return r.ports().contains(port);
  }

  private static boolean inCidrRule(List<HostRule> rules, byte[] a, String scheme, int port) {
    for (HostRule r : rules) {
      if (r.cidr() != null && portOk(r, scheme, port)) {
        String[] parts = r.cidr().split("/");
        if (net(parts[0], Integer.parseInt(parts[1])).contains(a)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hostMatches(String pattern, String host) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
    return pattern.equals(host);
  }

  /** Whether an IP-literal URL is allowed; {@code hostText} is its canonical host text. */
  static boolean allowsAddress(List<String> schemes, List<HostRule> rules, String scheme, byte[] a, String hostText,
      int port) {
    if (!schemes.contains(scheme) || isMetadata(a)) {
      return false;
    }
    if (inCidrRule(rules, a, scheme, port)) {
      return true;
    }
    if (!isPublic(a)) {
      return false;
    }
    for (HostRule r : rules) {
      if (r.host() != null && portOk(r, scheme, port) && (r.host().equals("*") || r.host().equals(hostText))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a URL naming {@code host} (an ordinary public-looking name) with DNS {@code answers} is allowed. */
  static boolean allowsName(List<String> schemes, List<HostRule> rules, String scheme, String host, int port,
      List<byte[]> answers) {
    if (!schemes.contains(scheme)) {
      return false;
    }
    boolean ruleMatch = false;
    for (HostRule r : rules) {
      if (r.host() != null && portOk(r, scheme, port) && hostMatches(r.host(), host)) {
        ruleMatch = true;
      }
    }
    if (ruleMatch) {
      for (byte[] a : answers) {
        if (isMetadata(a) || !(isPublic(a) || inCidrRule(rules, a, scheme, port))) {
          return false;
        }
      }
      return true;
    }
    if (answers.isEmpty()) {
      return false;
    }
    for (byte[] a : answers) {
      if (isMetadata(a) || !inCidrRule(rules, a, scheme, port)) {
        return false;
      }
    }
    return true;
  }

  private ReferenceOracle() {}
}
