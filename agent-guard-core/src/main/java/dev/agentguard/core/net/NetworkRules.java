package dev.agentguard.core.net;

import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The policy's {@code network} section.
 *
 * @param schemes URL schemes allowed at all (stored lower case), such as {@code https}; only http, https, ws,
 *     wss and ftp can ever be allowed
 * @param allow the hosts and address ranges that may be reached
 * @param outside what a URL matching no rule gets: DENY (default) or ASK
 */
public record NetworkRules(List<String> schemes, List<HostRule> allow, Verdict outside) {

  /** Nothing allowed. */
  public static final NetworkRules NONE = new NetworkRules(List.of("https"), List.of(), Verdict.DENY);

  /**
   * Validates the components.
   *
   * @param schemes URL schemes allowed at all (stored lower case), such as {@code https}; only http, https, ws, wss and
   *     ftp can ever be allowed
   * @param allow the hosts and address ranges that may be reached
   * @param outside what a URL matching no rule gets: DENY (default) or ASK
   */
  public NetworkRules {
    Objects.requireNonNull(schemes, "schemes must not be null");
    schemes = schemes.stream()
        .map(s -> Objects.requireNonNull(s, "schemes must not contain null").toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableList());
    allow = List.copyOf(Objects.requireNonNull(allow, "allow must not be null"));
    Objects.requireNonNull(outside, "outside must not be null");
    if (outside == Verdict.ALLOW) {
      throw new IllegalArgumentException("outside must be deny or ask");
    }
  }
}
