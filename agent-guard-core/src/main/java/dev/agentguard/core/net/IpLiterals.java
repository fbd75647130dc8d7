package dev.agentguard.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses strict IP literals (dotted-quad IPv4, or IPv6) without DNS. */
final class IpLiterals {
  private IpLiterals() {}

  static InetAddress parseLiteral(String ip) {
    if (ip == null || ip.isEmpty() || !ip.matches("[0-9a-fA-F.:]+")) {
      throw new IllegalArgumentException("not an IP address: '" + ip + "'");
    }
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + ip + "'", e);
    }
  }
}
