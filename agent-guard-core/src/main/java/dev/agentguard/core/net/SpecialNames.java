package dev.agentguard.core.net;

import java.util.Set;

/**
 * Host names that are judged before any rule: cloud metadata names, loopback names, DNS services that answer
 * with loopback or with an address written in the name, and local-use names that {@code *} does not cover.
 * Names are canonical (lower-case ASCII, no trailing dot).
 */
final class SpecialNames {
  private SpecialNames() {}

  /** Cloud metadata host names: always denied. */
  private static final Set<String> METADATA = Set.of(
      "metadata", // GCP short name (resolves via the search domain)
      "metadata.google.internal", // GCP
      "metadata.goog", // GCP
      "instance-data", // AWS short name
      "instance-data.ec2.internal", // AWS
      "metadata.azure.com", // Azure (alias used in SSRF payloads)
      "metadata.tencentyun.com", // Tencent Cloud
      "metadata.platformequinix.com", // Equinix Metal
      "metadata.packet.net", // Equinix Metal (legacy)
      "kubernetes.default", // in-cluster API server
      "kubernetes.default.svc");

  /** Names that always mean the local host (RFC 6761 §6.3 and common hosts-file aliases). */
  private static final Set<String> LOOPBACK = Set.of(
      "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "loopback");

  /**
   * Public DNS services that answer with loopback or with the address spelled in the name (nip.io style), or
   * rebind on purpose: whatever their public records say, they are used to reach private addresses.
   */
  private static final Set<String> TRICK_ZONES = Set.of(
      "localtest.me", "lvh.me", "vcap.me", "localh.st", "fuf.me", "yoogle.com", "lacolhost.com",
      "nip.io", "sslip.io", "xip.io", "nip.direct", "traefik.me", "local.gd", "1u.ms", "rbndr.us",
      "ssrf.localdomain.pw", "localdomain.pw");

  /** Top-level names for local or special use: {@code *} never covers them (RFC 6761, RFC 6762, RFC 8375, ICANN). */
  private static final Set<String> LOCAL_TLDS = Set.of(
      "internal", // ICANN private-use TLD (2024); GCP and AWS internal DNS
      "local", // mDNS (RFC 6762); Kubernetes cluster.local
      "localdomain", "lan", "home", "corp", "intranet", "private",
      "test", "invalid", "example", // RFC 6761
      "onion", // RFC 7686
      "alt"); // RFC 9476

  /** Returns a reason if {@code name} is a metadata name. */
  static String metadata(String name) {
    if (METADATA.contains(name)) {
      return name + " is a cloud instance-metadata host name";
    }
    return null;
  }

  /** Returns a reason if {@code name} always reaches loopback. */
  static String loopback(String name) {
    if (LOOPBACK.contains(name) || name.endsWith(".localhost")) {
      return name + " always reaches the loopback interface (RFC 6761)";
    }
    return null;
  }

  /**
   * Returns a reason if {@code name} belongs to a trick DNS zone or spells a non-public address in it.
   *
   * @return a reason if {@code name} belongs to a trick DNS zone or spells a non-public address in it
   */
  static String trick(String name) {
    for (String zone : TRICK_ZONES) {
      if (inZone(name, zone)) {
        return name + " is served by " + zone + ", a DNS service that answers with loopback or with the address"
            + " written in the name";
      }
    }
    // four consecutive decimal labels: 10.0.0.1.example.com (a quad is built only where four such labels stand)
    int digitLabels = 0;
    int[] starts = new int[4];
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i < name.length() && name.charAt(i) != '.') {
        continue;
      }
      digitLabels = i > start && digitsOnly(name, start, i) ? digitLabels + 1 : 0;
      starts[digitLabels % 4] = start;
      if (digitLabels >= 4) {
        String quad = name.substring(starts[(digitLabels - 3) % 4], i);
        byte[] a = IpAddresses.parseCanonicalIpv4(quad);
        if (a != null && AddressRanges.nonPublic(a) != null) {
          return name + " spells the non-public address " + quad + " in its labels (wildcard DNS services resolve"
              + " such names to it)";
        }
      }
      start = i + 1;
    }
    // dashed quads inside a label: 10-0-0-1.example.com, ip-127-0-0-1.example.com
    start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i < name.length() && name.charAt(i) != '.') {
        continue;
      }
      String why = dashedQuad(name, start, i);
      if (why != null) {
        return why;
      }
      start = i + 1;
    }
    return null;
  }

  /** Whether {@code name} is {@code zone} or a name under it. */
  private static boolean inZone(String name, String zone) {
    int at = name.length() - zone.length();
    return name.endsWith(zone) && (at == 0 || at > 0 && name.charAt(at - 1) == '.');
  }

  private static boolean digitsOnly(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A reason if the label {@code name[from, to)} holds four dash-separated parts spelling a non-public address. */
  private static String dashedQuad(String name, int from, int to) {
    int dashes = 0;
    for (int i = from; i < to; i++) {
      dashes += name.charAt(i) == '-' ? 1 : 0;
    }
    if (dashes < 3) {
      return null;
    }
    String[] parts = name.substring(from, to).split("-", -1);
    for (int i = 0; i + 4 <= parts.length; i++) {
      String quad = parts[i] + "." + parts[i + 1] + "." + parts[i + 2] + "." + parts[i + 3];
      byte[] a = IpAddresses.parseCanonicalIpv4(quad);
      if (a != null && AddressRanges.nonPublic(a) != null) {
        return name + " spells the non-public address " + quad + " in a label (wildcard DNS services resolve"
            + " such names to it)";
      }
    }
    return null;
  }

  /**
   * Whether {@code name} is a local-use name: a single label, or under a local-use top-level name.
   *
   * @return whether {@code name} is a local-use name: a single label, or under a local-use top-level name
   */
  static boolean isLocal(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return true;
    }
    for (String tld : LOCAL_TLDS) {
      if (name.length() - dot - 1 == tld.length() && name.startsWith(tld, dot + 1)) {
        return true;
      }
    }
    return name.endsWith(".home.arpa");
  }
}
