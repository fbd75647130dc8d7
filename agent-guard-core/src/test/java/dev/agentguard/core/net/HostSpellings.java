package dev.agentguard.core.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Spellings of IP addresses for the URL differential test: every IPv4 form inet_aton, browsers or the JDK read
 * (octal, hex, dword, short forms, leading zeros, a trailing dot), IPv6 addresses in full, compressed and
 * upper-case forms, and the IPv6 forms that carry an IPv4 address or a zone id.
 */
final class HostSpellings {

  private HostSpellings() {}

  /** Non-canonical spellings of the IPv4 address {@code a} (4 bytes). */
  static Arbitrary<String> hostileIpv4(byte[] a) {
    int[] o = {a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff};
    long dword = ((long) o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
    List<String> forms = new ArrayList<>(List.of(
        "0" + Integer.toOctalString(o[0]) + "." + o[1] + "." + o[2] + "." + o[3],
        "0" + Integer.toOctalString(o[0]) + ".0" + Integer.toOctalString(o[1]) + ".0" + Integer.toOctalString(o[2])
            + ".0" + Integer.toOctalString(o[3]),
        "0x" + Integer.toHexString(o[0]) + "." + o[1] + "." + o[2] + "." + o[3],
        "0x" + Integer.toHexString(o[0]) + ".0x" + Integer.toHexString(o[1]) + ".0x" + Integer.toHexString(o[2])
            + ".0x" + Integer.toHexString(o[3]),
        String.valueOf(dword),
        "0x" + Long.toHexString(dword),
        "0X" + Long.toHexString(dword).toUpperCase(Locale.ROOT),
        "0" + Long.toOctalString(dword),
        o[0] + "." + ((o[1] << 16) | (o[2] << 8) | o[3]),
        o[0] + "." + o[1] + "." + ((o[2] << 8) | o[3]),
        String.format("%03d.%03d.%03d.%03d", o[0], o[1], o[2], o[3]),
        o[0] + "." + o[1] + "." + o[2] + ".0" + o[3],
        o[0] + "." + o[1] + "." + o[2] + "." + o[3] + ".",
        o[0] + "." + o[1] + "." + o[2] + "." + o[3] + "..",
        "0x" + Integer.toHexString(o[0]) + "." + ((o[1] << 16) | (o[2] << 8) | o[3]),
        o[0] + "." + o[1] + "." + o[2] + "." + (o[3] + 256),
        o[0] + "." + o[1] + "." + o[2] + "." + o[3] + ".0",
        "0" + o[0] + "." + o[1] + "." + o[2] + "." + o[3]));
    return Arbitraries.of(forms);
  }

  /** An IPv6 literal in brackets: random groups, written in full or compressed, in either case. */
  static Arbitrary<String> ipv6() {
    Arbitrary<Integer> group = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xffff)));
    return Combinators.combine(group.list().ofSize(8), Arbitraries.integers().between(0, 3),
        Arbitraries.of(true, false)).as((gs, style, upper) -> {
          String text = write(gs, style);
          if (gs.get(0) == 0 && gs.get(1) == 0 && gs.get(2) == 0 && gs.get(3) == 0 && gs.get(4) == 0) {
            text = "2001:db8::" + Integer.toHexString(gs.get(7)); // not an IPv4-compatible or mapped address
          }
          return "[" + (upper ? text.toUpperCase(Locale.ROOT) : text) + "]";
        });
  }

  /** Full (style 0), full with leading zeros (1), the longest zero run compressed (2), the first run (3). */
  private static String write(List<Integer> gs, int style) {
    List<String> parts = new ArrayList<>();
    for (int g : gs) {
      parts.add(style == 1 ? String.format("%04x", g) : Integer.toHexString(g));
    }
    if (style < 2) {
      return String.join(":", parts);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (gs.get(i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && gs.get(j) == 0) {
        j++;
      }
      if (j - i > bestLen || (style == 3 && bestStart < 0)) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen == 0) {
      return String.join(":", parts);
    }
    return String.join(":", parts.subList(0, bestStart)) + "::"
        + String.join(":", parts.subList(bestStart + bestLen, 8));
  }

  /** IPv6 spellings that carry an IPv4 address, a zone id, or are malformed. */
  static Arbitrary<String> hostileIpv6() {
    return Arbitraries.of("[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]", "[::127.0.0.1]",
        "[::7f00:1]", "[64:ff9b::127.0.0.1]", "[::1%25lo]", "[::1%lo]", "[fe80::1%251]", "[fe80::1%25eth0]",
        "[::1", "::1", "[::1]]", "[:::1]", "[::1::]", "[1:2:3:4:5:6:7:8:9]", "[::ffff:169.254.169.254]",
        "[::ffff:a9fe:a9fe]", "[0::1]", "[0:0:0:0:0:0:0:1]", "[::0:1]", "[0000::0001]", "[::1.]", "[v1.x]",
        "[::ffff:127.1]", "[2001:db8::1%25]");
  }
}
