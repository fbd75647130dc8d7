package dev.agentguard.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves host names to addresses for the network check. An empty answer means "no DNS data": the name is
 * judged by its name alone; a failure is a DENY.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Returns every address {@code host} resolves to, or an empty list when this resolver has no data for it.
   *
   * @throws UnknownHostException if resolution failed
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The system resolver. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }

  /** A resolver with fixed answers (IP literals by host name); other names get no answer. */
  static HostResolver fixed(Map<String, List<String>> answers) {
    Objects.requireNonNull(answers, "answers must not be null");
    Map<String, List<InetAddress>> table = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : answers.entrySet()) {
      List<InetAddress> addrs = new ArrayList<>();
      for (String ip : e.getValue()) {
        addrs.add(IpLiterals.parseLiteral(ip));
      }
      table.put(e.getKey().toLowerCase(java.util.Locale.ROOT), List.copyOf(addrs));
    }
    Map<String, List<InetAddress>> frozen = Map.copyOf(table);
    return host -> frozen.getOrDefault(host.toLowerCase(java.util.Locale.ROOT), List.of());
  }
}
