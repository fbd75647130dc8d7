package dev.agentguard.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostRuleTest {

  @ParameterizedTest
  @ValueSource(strings = {"api.github.com", "*.example.com", "*", "API.GitHub.COM.", "bücher.de", "*.co.uk",
      "93.184.216.34", "2606:4700::1", "[2606:4700::1]", "xn--bcher-kva.de", "a-b.c"})
  void validHostPatterns(String host) {
    assertThatCode(() -> HostRule.host(host)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*foo.com         | wrong place",
      "a.*.com          | wrong place",
      "*.*.com          | wrong place",
      "**               | wrong place",
      "*.               | nothing after",
      "'api.github.com:443' | ports",
      "https://api.github.com | URL",
      "10.0.0.0/8       | cidr",
      "127.1            | dotted-quad",
      "0x7f000001       | dotted-quad",
      "*.10.0.0.1       | wildcard on a numeric",
      "a..b             | empty label",
      "-a.com           | '-'",
      "a_b.com          | not allowed",
      "'a b.com'        | whitespace",
  })
  void badHostPatternsSayWhy(String host, String why) {
    assertThatThrownBy(() -> HostRule.host(host)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why).hasMessageContaining("host pattern");
  }

  @Test
  void emptyHostPatternIsRejected() {
    assertThatThrownBy(() -> HostRule.host("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty host pattern");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/8", "127.0.0.1/32", "0.0.0.0/0", "fd00::/8", "::/0", "2001:db8::/32",
      "127.0.0.1", "::1"})
  void validCidrs(String cidr) {
    assertThatCode(() -> HostRule.cidr(cidr)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/33     | exceeds 32",
      "10.0.0/8        | not an IP address",
      "abc             | not an IP address",
      "10.0.0.1/8      | host bits",
      "10.0.0.0/       | prefix length",
      "10.0.0.0/-1     | prefix length",
      "10.0.0.0/08     | prefix length",
      "010.0.0.0/8     | not an IP address",
      "fd00::/129      | exceeds 128",
      "'10.0.0.0 /8'   | not an IP address",
  })
  void badCidrsSayWhy(String cidr, String why) {
    assertThatThrownBy(() -> HostRule.cidr(cidr)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why).hasMessageContaining("CIDR");
  }

  @Test
  void emptyCidrAndBadPortsAreRejected() {
    assertThatThrownBy(() -> HostRule.cidr("")).hasMessageContaining("empty CIDR");
    assertThatThrownBy(() -> HostRule.host("a.com", List.of(0))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> HostRule.host("a.com", List.of(65536))).hasMessageContaining("out of range");
    assertThatThrownBy(() -> new HostRule("a.com", "10.0.0.0/8", List.of())).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new HostRule(null, null, List.of())).hasMessageContaining("exactly one");
  }

  // ------------------------------------------------------------------ Cidr.contains against a BigInteger oracle

  @Provide
  Arbitrary<byte[]> address() {
    return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
        Arbitraries.bytes().array(byte[].class).ofSize(16));
  }

  @Property(tries = 1000)
  void cidrContainsAgreesWithArithmetic(@ForAll("address") byte[] network, @ForAll("address") byte[] probe,
      @ForAll @IntRange(min = 0, max = 128) int prefixSeed, @ForAll boolean nearby) throws Exception {
    int bits = network.length * 8;
    int prefix = prefixSeed % (bits + 1);
    BigInteger net = new BigInteger(1, network).shiftRight(bits - prefix).shiftLeft(bits - prefix);
    byte[] netBytes = toBytes(net, network.length);
    String text = InetAddress.getByAddress(netBytes).getHostAddress();
    if (network.length == 16 && !text.contains(":")) {
      return; // the JDK prints mapped addresses as IPv4; skip
    }
    Cidr cidr = Cidr.parse(IpAddresses.format(netBytes) + "/" + prefix);
    byte[] p = probe;
    if (nearby && probe.length == network.length) {
      p = netBytes.clone();
      p[p.length - 1] ^= probe[0];
    }
    boolean expected = p.length == network.length
        && new BigInteger(1, p).shiftRight(bits - prefix).equals(net.shiftRight(bits - prefix));
    assertThat(cidr.contains(p)).isEqualTo(expected);
  }

  private static byte[] toBytes(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }

  // ------------------------------------------------------------------ IP text round trips

  @Property(tries = 1000)
  void formattedAddressesParseBack(@ForAll("address") byte[] a) throws Exception {
    String text = IpAddresses.format(a);
    assertThat(IpAddresses.parseLiteral(text)).isEqualTo(a);
    // the JDK agrees on what the text means
    assertThat(InetAddress.getByName(a.length == 16 ? "[" + text + "]" : text).getAddress())
        .isEqualTo(a.length == 16 && isMapped(a) ? new byte[] {a[12], a[13], a[14], a[15]} : a);
  }

  private static boolean isMapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }
}
