package dev.agentguard.core.policy;

import dev.agentguard.core.check.GuardEnvironment;
import java.util.List;
import java.util.Objects;

/**
 * The result of composing layered policies: the effective policy, and what later layers tried to loosen
 * (reported, not applied). {@link #compose(List, List)} composes them so that a later layer can only tighten the
 * layers before it. What would loosen them is reported as a warning and not applied:
 *
 * <ul>
 *   <li>mode, {@code defaults.unknownTool}, {@code outsideRoots}, {@code network.outside} and
 *       {@code commands.default} take the stricter value;
 *   <li>deny globs, protected paths, deny/ask command rules and deny/ask tool rules are added; added rules are
 *       {@linkplain ToolRule#layered() layered}: they add their decision to what the earlier layers decide and
 *       never displace an earlier default (an {@code ask} rule cannot turn a {@code deny} default into
 *       {@code ask}); allow rules from a later layer are refused;
 *   <li>roots and network rules may only narrow: a later layer that lists roots (hosts) keeps only the parts
 *       inside the earlier roots (allowed by the earlier hosts), with no more access (ports); writes an earlier
 *       read-only root denied stay denied, and when hosts are narrowed {@code network.outside} becomes deny;
 *   <li>descriptors may only add resources to a tool (more checks), or describe a tool the earlier layers
 *       would allow anyway;
 *   <li>the approval timeout may only shrink;
 *   <li>the sandbox mode may only get stricter ({@code off} &lt; {@code preferred} &lt; {@code required});
 *   <li>trust in MCP servers' tool annotations ({@code mcp}) may only be withdrawn: a server is trusted only when
 *       every layer that speaks of it trusts it.
 * </ul>
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

  /**
   * Composes {@code layers} (first is the base) and returns the effective policy with the refused loosenings.
   *
   * @param names a name for each layer, used in warnings
   * @param layers the policies, base first
   * @return the effective policy and one warning per refused loosening
   */
  public static ComposedPolicy compose(List<Policy> layers, List<String> names) {
    return PolicyLayers.composeNamed(layers, names, null);
  }

  /**
   * As {@link #compose(List, List)}, and compares roots in {@code env} as well: a later root that lies inside an
   * earlier one by its spelling but leads elsewhere through a symbolic link (an agent can create one in the
   * workspace) is not inside it.
   *
   * @param layers the policies, base first
   * @param names a name for each layer, used in warnings
   * @param env the environment the roots are resolved in
   * @return the effective policy and one warning per refused loosening
   */
  public static ComposedPolicy compose(List<Policy> layers, List<String> names, GuardEnvironment env) {
    Objects.requireNonNull(env, "env must not be null");
    return PolicyLayers.composeNamed(layers, names, env);
  }
}
