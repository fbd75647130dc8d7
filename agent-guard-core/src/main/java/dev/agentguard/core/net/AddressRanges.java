package dev.agentguard.core.net;

import java.util.List;

/**
 * The built-in address ranges that are never public, and the cloud metadata addresses. Pure functions over raw
 * address bytes (4 or 16).
 */
final class AddressRanges {
  private AddressRanges() {}

  /** Why an address is not public: the rule id and a reason naming the range and its RFC. */
  record Finding(String rule, String reason) {}

  /** A named non-public range. */
  private record Range(Cidr cidr, String name) {}

  static final String PRIVATE = "network.private-address";
  static final String METADATA = "network.metadata";

  /** Cloud instance-metadata endpoints: never reachable, not even through a cidr rule. */
  private static final List<Range> METADATA_ADDRESSES = List.of(
      // AWS, GCP, Azure, DigitalOcean, OpenStack, Oracle (also), Hetzner, Linode: link-local metadata
      new Range(Cidr.builtIn("169.254.169.254/32"), "cloud metadata service (AWS, GCP, Azure, OpenStack, ...)"),
      // AWS IMDS on Nitro (IPv6)
      new Range(Cidr.builtIn("fd00:ec2::254/128"), "AWS instance metadata service (IPv6)"),
      // Alibaba Cloud ECS metadata
      new Range(Cidr.builtIn("100.100.100.200/32"), "Alibaba Cloud metadata service"),
      // Oracle Cloud Infrastructure metadata (legacy)
      new Range(Cidr.builtIn("192.0.0.192/32"), "Oracle Cloud metadata service"),
      // AWS Time Sync / DNS link-local helpers live in 169.254.169.0/24 too
      new Range(Cidr.builtIn("169.254.170.2/32"), "AWS ECS task metadata endpoint"));

  private static final List<Range> IPV4 = List.of(
      // RFC 791 / RFC 1122 §3.2.1.3: "this network"; 0.0.0.0 reaches the local host on many systems
      new Range(Cidr.builtIn("0.0.0.0/8"), "0.0.0.0/8 'this network' (RFC 1122)"),
      // RFC 1918: private networks
      new Range(Cidr.builtIn("10.0.0.0/8"), "10.0.0.0/8 private network (RFC 1918)"),
      // RFC 6598: carrier-grade NAT shared address space
      new Range(Cidr.builtIn("100.64.0.0/10"), "100.64.0.0/10 carrier-grade NAT (RFC 6598)"),
      // RFC 1122 §3.2.1.3: loopback
      new Range(Cidr.builtIn("127.0.0.0/8"), "127.0.0.0/8 loopback (RFC 1122)"),
      // RFC 3927: link-local
      new Range(Cidr.builtIn("169.254.0.0/16"), "169.254.0.0/16 link-local (RFC 3927)"),
      // RFC 1918: private networks
      new Range(Cidr.builtIn("172.16.0.0/12"), "172.16.0.0/12 private network (RFC 1918)"),
      // RFC 6890: IETF protocol assignments (includes DS-Lite, NAT64 discovery)
      new Range(Cidr.builtIn("192.0.0.0/24"), "192.0.0.0/24 IETF protocol assignments (RFC 6890)"),
      // RFC 5737: TEST-NET-1 documentation
      new Range(Cidr.builtIn("192.0.2.0/24"), "192.0.2.0/24 documentation TEST-NET-1 (RFC 5737)"),
      // RFC 7526: deprecated 6to4 relay anycast
      new Range(Cidr.builtIn("192.88.99.0/24"), "192.88.99.0/24 6to4 relay anycast (RFC 7526)"),
      // RFC 1918: private networks
      new Range(Cidr.builtIn("192.168.0.0/16"), "192.168.0.0/16 private network (RFC 1918)"),
      // RFC 2544: benchmarking
      new Range(Cidr.builtIn("198.18.0.0/15"), "198.18.0.0/15 benchmarking (RFC 2544)"),
      // RFC 5737: TEST-NET-2 documentation
      new Range(Cidr.builtIn("198.51.100.0/24"), "198.51.100.0/24 documentation TEST-NET-2 (RFC 5737)"),
      // RFC 5737: TEST-NET-3 documentation
      new Range(Cidr.builtIn("203.0.113.0/24"), "203.0.113.0/24 documentation TEST-NET-3 (RFC 5737)"),
      // RFC 5771: multicast
      new Range(Cidr.builtIn("224.0.0.0/4"), "224.0.0.0/4 multicast (RFC 5771)"),
      // RFC 919 / RFC 8190: limited broadcast (listed before 240/4 so the reason names it)
      new Range(Cidr.builtIn("255.255.255.255/32"), "255.255.255.255 limited broadcast (RFC 919)"),
      // RFC 1112 §4: reserved for future use
      new Range(Cidr.builtIn("240.0.0.0/4"), "240.0.0.0/4 reserved (RFC 1112)"));

  private static final List<Range> IPV6 = List.of(
      // RFC 4291 §2.5.2: unspecified address
      new Range(Cidr.builtIn("::/128"), ":: unspecified address (RFC 4291)"),
      // RFC 4291 §2.5.3: loopback
      new Range(Cidr.builtIn("::1/128"), "::1 loopback (RFC 4291)"),
      // RFC 8215: local-use IPv4/IPv6 translation
      new Range(Cidr.builtIn("64:ff9b:1::/48"), "64:ff9b:1::/48 local-use NAT64 (RFC 8215)"),
      // RFC 6666: discard-only prefix
      new Range(Cidr.builtIn("100::/64"), "100::/64 discard-only (RFC 6666)"),
      // RFC 5180: benchmarking
      new Range(Cidr.builtIn("2001:2::/48"), "2001:2::/48 benchmarking (RFC 5180)"),
      // RFC 4843 / RFC 7343: ORCHID identifiers, not routable
      new Range(Cidr.builtIn("2001:10::/28"), "2001:10::/28 ORCHID (RFC 4843)"),
      new Range(Cidr.builtIn("2001:20::/28"), "2001:20::/28 ORCHIDv2 (RFC 7343)"),
      // RFC 3849: documentation
      new Range(Cidr.builtIn("2001:db8::/32"), "2001:db8::/32 documentation (RFC 3849)"),
      // RFC 9637: documentation
      new Range(Cidr.builtIn("3fff::/20"), "3fff::/20 documentation (RFC 9637)"),
      // RFC 4193: unique local addresses
      new Range(Cidr.builtIn("fc00::/7"), "fc00::/7 unique local address (RFC 4193)"),
      // RFC 4291 §2.5.6: link-local unicast
      new Range(Cidr.builtIn("fe80::/10"), "fe80::/10 link-local (RFC 4291)"),
      // RFC 3879: deprecated site-local
      new Range(Cidr.builtIn("fec0::/10"), "fec0::/10 site-local (RFC 3879)"),
      // RFC 4291 §2.7: multicast
      new Range(Cidr.builtIn("ff00::/8"), "ff00::/8 multicast (RFC 4291)"));

  // RFC 4291 §2.5.5.2: IPv4-mapped
  private static final Cidr MAPPED = Cidr.builtIn("::ffff:0:0/96");
  // RFC 4291 §2.5.5.1: IPv4-compatible (deprecated)
  private static final Cidr COMPATIBLE = Cidr.builtIn("::/96");
  // RFC 6052: well-known NAT64 prefix
  private static final Cidr NAT64 = Cidr.builtIn("64:ff9b::/96");
  // RFC 3056: 6to4
  private static final Cidr SIX_TO_FOUR = Cidr.builtIn("2002::/16");
  // RFC 4380: Teredo
  private static final Cidr TEREDO = Cidr.builtIn("2001::/32");
  // RFC 4291 §2.4 / IANA: global unicast
  private static final Cidr GLOBAL_UNICAST = Cidr.builtIn("2000::/3");

  /** Returns the metadata finding for {@code a}, or {@code null}. */
  static Finding metadata(byte[] a) {
    for (Range r : METADATA_ADDRESSES) {
      if (r.cidr().contains(a)) {
        return new Finding(METADATA, IpAddresses.format(a) + " is the " + r.name());
      }
    }
    byte[] embedded = embeddedIpv4(a);
    if (embedded != null) {
      Finding inner = metadata(embedded);
      if (inner != null) {
        return new Finding(METADATA, IpAddresses.format(a) + " embeds " + inner.reason());
      }
    }
    return null;
  }

  /**
   * Returns why {@code a} is not a public address, or {@code null} when it is public. Addresses embedding an
   * IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by what they embed as well.
   */
  static Finding nonPublic(byte[] a) {
    Finding m = metadata(a);
    if (m != null) {
      return m;
    }
    String text = IpAddresses.format(a);
    if (a.length == 4) {
      for (Range r : IPV4) {
        if (r.cidr().contains(a)) {
          return new Finding(PRIVATE, text + " is in " + r.name());
        }
      }
      return null;
    }
    for (Range r : IPV6) {
      if (r.cidr().contains(a)) {
        return new Finding(PRIVATE, text + " is in " + r.name());
      }
    }
    String tunnel = tunnelName(a);
    if (tunnel != null) {
      for (byte[] inner : embeddedAll(a)) {
        Finding f = nonPublic(inner);
        if (f != null) {
          return new Finding(f.rule(), text + " is " + tunnel + " and embeds " + f.reason());
        }
      }
      // mapped and compatible addresses are IPv4 addresses: public if what they embed is
      return null;
    }
    if (!GLOBAL_UNICAST.contains(a)) {
      return new Finding(PRIVATE, text + " is outside 2000::/3 global unicast (RFC 4291)");
    }
    return null;
  }

  private static String tunnelName(byte[] a) {
    if (a.length != 16) {
      return null;
    }
    if (MAPPED.contains(a)) {
      return "IPv4-mapped (RFC 4291)";
    }
    if (COMPATIBLE.contains(a)) {
      return "IPv4-compatible (RFC 4291)";
    }
    if (NAT64.contains(a)) {
      return "NAT64 (RFC 6052)";
    }
    if (SIX_TO_FOUR.contains(a)) {
      return "6to4 (RFC 3056)";
    }
    if (TEREDO.contains(a)) {
      return "Teredo (RFC 4380)";
    }
    return null;
  }

  /** The IPv4 address an IPv6 address is mapped to or compatible with (the one it reaches), or {@code null}. */
  static byte[] mappedOrCompatibleIpv4(byte[] a) {
    if (a.length == 16 && (MAPPED.contains(a) || COMPATIBLE.contains(a))) {
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    return null;
  }

  /** The first IPv4 address embedded in {@code a} by a translation or tunnel scheme, or {@code null}. */
  static byte[] embeddedIpv4(byte[] a) {
    List<byte[]> all = embeddedAll(a);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<byte[]> embeddedAll(byte[] a) {
    if (a.length != 16) {
      return List.of();
    }
    if (MAPPED.contains(a) || COMPATIBLE.contains(a) || NAT64.contains(a)) {
      return List.of(new byte[] {a[12], a[13], a[14], a[15]});
    }
    if (SIX_TO_FOUR.contains(a)) {
      return List.of(new byte[] {a[2], a[3], a[4], a[5]});
    }
    if (TEREDO.contains(a)) {
      byte[] server = {a[4], a[5], a[6], a[7]};
      byte[] client = {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
      return List.of(client, server);
    }
    return List.of();
  }
}
