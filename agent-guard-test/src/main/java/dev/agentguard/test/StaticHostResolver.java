package dev.agentguard.test;

import dev.agentguard.core.net.HostResolver;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link HostResolver} with a fixed table of answers and no network: a name in the table resolves to its
 * addresses; any other name fails to resolve, so the network check denies it. Tests never depend on real DNS.
 * Immutable and thread-safe; every lookup is recorded.
 *
 * <pre>{@code
 * StaticHostResolver dns = StaticHostResolver.builder()
 *     .host("api.github.com", "140.82.112.5")
 *     .host("rebind.example.com", "10.0.0.7")
 *     .build();
 * }</pre>
 */
public final class StaticHostResolver implements HostResolver {

  private final Map<String, List<String>> table;
  private final HostResolver answers;
  private final boolean unknownByName;
  private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());

  private StaticHostResolver(Map<String, List<String>> table, boolean unknownByName) {
    this.table = Map.copyOf(table);
    this.answers = HostResolver.fixed(this.table);
    this.unknownByName = unknownByName;
  }

  /**
   * Returns a resolver that knows no names: every name fails to resolve.
   *
   * @return a resolver that knows no names: every name fails to resolve
   */
  public static StaticHostResolver empty() {
    return builder().build();
  }

  /**
   * Returns a resolver with the given answers ({@code host → IP literals}).
   *
   * @param answers host names to the IP literals they resolve to
   * @return a resolver with the given answers ({@code host → IP literals})
   */
  public static StaticHostResolver of(Map<String, List<String>> answers) {
    Objects.requireNonNull(answers, "answers must not be null");
    Builder b = builder();
    answers.forEach((host, ips) -> {
      Objects.requireNonNull(ips, "addresses of " + host + " must not be null");
      b.host(host, ips.toArray(String[]::new));
    });
    return b.build();
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the addresses of {@code host}.
   *
   * @return the addresses of {@code host}
   * @throws UnknownHostException if {@code host} is not in the table (unless built with
   *     {@link Builder#unknownNamesJudgedByName()}, which answers "no data" instead)
   */
  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    Objects.requireNonNull(host, "host must not be null");
    lookups.add(host);
    String key = canonical(host);
    if (key == null || !table.containsKey(key)) {
      if (unknownByName) {
        return List.of();
      }
      throw new UnknownHostException(host + ": not in the test's static host table");
    }
    return answers.resolve(key);
  }

  /**
   * The names looked up so far, in order, as the guard asked for them.
   *
   * @return the names looked up so far, in order, as the guard asked for them
   */
  public List<String> lookups() {
    synchronized (lookups) {
      return List.copyOf(lookups);
    }
  }

  /**
   * The table: canonical host name to IP literals.
   *
   * @return the table: canonical host name to IP literals
   */
  public Map<String, List<String>> table() {
    return table;
  }

  @Override
  public String toString() {
    return "StaticHostResolver" + table;
  }

  private static String canonical(String host) {
    String h = host.trim();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty()) {
      return null;
    }
    try {
      return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Builds a {@link StaticHostResolver}. Not thread-safe; the resolver it builds is. */
  public static final class Builder {
    private final Map<String, List<String>> table = new LinkedHashMap<>();
    private boolean unknownByName;

    private Builder() {}

    /**
     * Adds answers for {@code host}: IP literals (IPv4 dotted quad or IPv6). Repeated calls for one host add
     * to its answers.
     *
     * @param host the host name
     * @param addresses its IP literals
     * @return this builder
     * @throws IllegalArgumentException if the name or an address is malformed
     */
    public Builder host(String host, String... addresses) {
      Objects.requireNonNull(host, "host must not be null");
      Objects.requireNonNull(addresses, "addresses must not be null");
      String key = canonical(host);
      if (key == null) {
        throw new IllegalArgumentException("not a host name: '" + host + "'");
      }
      List<String> ips = new ArrayList<>();
      for (String ip : addresses) {
        ips.add(Objects.requireNonNull(ip, "addresses of " + host + " must not contain null").trim());
      }
      HostResolver.fixed(Map.of(key, ips)); // validates the addresses, with the guard's own parser
      table.computeIfAbsent(key, k -> new ArrayList<>()).addAll(ips);
      return this;
    }

    /**
     * Makes names not in the table answer "no data" (judged by their name alone, as the CLI does) instead of
     * failing to resolve.
     *
     * @return this builder
     */
    public Builder unknownNamesJudgedByName() {
      this.unknownByName = true;
      return this;
    }

    /**
     * Returns the resolver.
     *
     * @return the resolver
     */
    public StaticHostResolver build() {
      Map<String, List<String>> frozen = new LinkedHashMap<>();
      table.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new StaticHostResolver(frozen, unknownByName);
    }
  }
}
