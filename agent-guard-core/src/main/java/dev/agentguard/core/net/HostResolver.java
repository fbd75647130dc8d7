package dev.agentguard.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves host names to addresses for the network check. Names given to a resolver are canonical (lower-case
 * ASCII, no trailing dot). An empty answer means "no DNS data": the name is judged by its name alone; an
 * {@link UnknownHostException} is a failure, and the check denies.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Returns every address {@code host} resolves to, or an empty list when this resolver has no data for it.
   *
   * @param host the host name, canonical (lower case, no trailing dot, IDN in ASCII)
   * @return every address {@code host} resolves to, or an empty list when this resolver has no data for it
   * @throws UnknownHostException if resolution failed
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * The system resolver, giving up (a failure) after 5 seconds per name.
   *
   * @return the system resolver, giving up (a failure) after 5 seconds per name
   */
  static HostResolver system() {
    return system(SystemResolver.DEFAULT_TIMEOUT);
  }

  /**
   * The system resolver, giving up (a failure) after {@code timeout} per name.
   *
   * @param timeout the longest a lookup may take
   * @return the system resolver, giving up (a failure) after {@code timeout} per name
   */
  static HostResolver system(Duration timeout) {
    return new SystemResolver(timeout);
  }

  /**
   * A resolver with fixed answers: IP literals (dotted-quad IPv4 or IPv6) by host name; other names get an empty
   * answer, so they are judged by name alone. An entry with an empty list also means "no data".
   *
   * @param answers IP literals by host name
   * @return a resolver with fixed answers: IP literals (dotted-quad IPv4 or IPv6) by host name; other names get an
   *     empty answer, so they are judged by name alone
   * @throws IllegalArgumentException if a host name or an address is malformed
   */
  static HostResolver fixed(Map<String, List<String>> answers) {
    Objects.requireNonNull(answers, "answers must not be null");
    Map<String, List<InetAddress>> table = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : answers.entrySet()) {
      String host = canonicalName(Objects.requireNonNull(e.getKey(), "host names must not be null"));
      List<InetAddress> addrs = new ArrayList<>();
      for (String ip : Objects.requireNonNull(e.getValue(), "addresses of " + host + " must not be null")) {
        addrs.add(IpAddresses.parseLiteralAddress(Objects.requireNonNull(ip, "addresses must not be null")));
      }
      table.merge(host, List.copyOf(addrs), (a, b) -> {
        List<InetAddress> both = new ArrayList<>(a);
        both.addAll(b);
        return List.copyOf(both);
      });
    }
    Map<String, List<InetAddress>> frozen = Map.copyOf(table);
    return host -> frozen.getOrDefault(canonicalNameOrSelf(host), List.of());
  }

  private static String canonicalNameOrSelf(String host) {
    try {
      return canonicalName(host);
    } catch (IllegalArgumentException e) {
      return host;
    }
  }

  /** Canonicalises a host name key: lower case, one trailing dot dropped, IDN to ASCII. */
  private static String canonicalName(String host) {
    StrictUrl.Result r = StrictUrl.host(host.startsWith("[") ? host : host.trim(), "https", 443);
    if (r.failure() != null || r.url().kind() != StrictUrl.HostKind.NAME) {
      throw new IllegalArgumentException("not a host name: " + StrictUrl.quote(host)
          + (r.failure() != null ? " (" + r.failure().reason() + ")" : ""));
    }
    return r.url().host();
  }
}
