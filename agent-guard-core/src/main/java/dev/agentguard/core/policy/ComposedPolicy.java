package dev.agentguard.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * The result of composing layered policy files: the effective policy, and what later layers tried to loosen
 * (reported, not applied).
 *
 * @param policy the effective policy
 * @param warnings one line per refused loosening, naming the layer
 */
public record ComposedPolicy(Policy policy, List<String> warnings) {

  /**
   * Validates the components.
   *
   * @param policy the effective policy
   * @param warnings one line per refused loosening, naming the layer
   */
  public ComposedPolicy {
    Objects.requireNonNull(policy, "policy must not be null");
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings must not be null"));
  }
}
