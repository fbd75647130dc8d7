package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hashed CIDR lookup (used above {@link HostRuleIndex#CIDR_SCAN_LIMIT} rules) agrees with a plain scan. */
class HostRuleIndexCidrTest {

  @Test
  void hashedLookupFindsExactlyTheRangesAScanFindsInRuleOrder() {
    Random random = new Random(20261129L);
    for (int round = 0; round < 20; round++) {
      List<HostRule> rules = new ArrayList<>();
      List<byte[]> networks = new ArrayList<>();
      int n = HostRuleIndex.CIDR_SCAN_LIMIT + 1 + random.nextInt(200);
      for (int i = 0; i < n; i++) {
        boolean v6 = random.nextInt(4) == 0;
        byte[] a = new byte[v6 ? 16 : 4];
        random.nextBytes(a);
        if (!networks.isEmpty() && random.nextInt(3) == 0) {
          // nested and repeated ranges: reuse a network with another prefix
          byte[] other = networks.get(random.nextInt(networks.size()));
          if (other.length == a.length) {
            a = other.clone();
          }
        }
        int prefix = random.nextInt(a.length * 8 + 1);
        byte[] network = HostRuleIndex.masked(a, prefix);
        networks.add(network);
        rules.add(HostRule.cidr(IpAddresses.format(network) + "/" + prefix, List.of(443 + random.nextInt(2))));
        if (random.nextInt(5) == 0) {
          rules.add(HostRule.host("h" + i + ".example.com"));
        }
      }
      HostRuleIndex index = new HostRuleIndex(rules);
      for (int probe = 0; probe < 2000; probe++) {
        byte[] address;
        if (random.nextBoolean()) {
          byte[] base = networks.get(random.nextInt(networks.size())).clone();
          int flip = random.nextInt(base.length * 8);
          base[flip / 8] ^= (byte) (1 << (7 - flip % 8));
          address = random.nextBoolean() ? base : networks.get(random.nextInt(networks.size())).clone();
        } else {
          address = new byte[random.nextBoolean() ? 4 : 16];
          random.nextBytes(address);
        }
        List<HostRule> expected = new ArrayList<>();
        for (HostRule r : rules) {
          if (r.cidr() != null && Cidr.parse(r.cidr()).contains(address)) {
            expected.add(r);
          }
        }
        List<HostRule> actual = new ArrayList<>();
        for (HostRuleIndex.CidrRule c : index.matchCidr(address)) {
          actual.add(c.rule());
        }
        assertThat(actual).as("address %s", IpAddresses.format(address)).isEqualTo(expected);
      }
    }
  }
}
