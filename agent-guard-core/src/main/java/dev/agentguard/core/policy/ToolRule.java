package dev.agentguard.core.policy;

import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * A tool-level rule from the policy's {@code rules} section: calls to tools matching {@code toolPattern} (and,
 * if given, whose argument at a JSON Pointer matches a regex) get {@code decision}.
 *
 * @param id the rule's id, reported as the deciding rule
 * @param toolPattern tool name, or a glob with {@code *} and {@code ?}
 * @param argument an optional argument condition, or {@code null}
 * @param decision allow, ask or deny
 * @param reason why, for people and the model
 * @param matchExamples argument objects (JSON text) the rule must match; checked at load
 * @param notMatchExamples argument objects (JSON text) the rule must not match; checked at load
 * @param layered true for a rule added by a later policy layer ({@link ComposedPolicy#compose}): it only adds its
 *     decision to what the earlier layers decide, so it never stops {@code defaults.unknownTool} or the base rules from
 *     applying (an overlay {@code ask} rule cannot turn a base {@code deny} into {@code ask})
 */
public record ToolRule(
    String id,
    String toolPattern,
    ArgumentCondition argument,
    Verdict decision,
    String reason,
    List<String> matchExamples,
    List<String> notMatchExamples,
    boolean layered) {

  /**
   * A rule from a single policy (not {@linkplain #layered() layered}).
   *
   * @param id the rule's id, reported as the deciding rule
   * @param toolPattern tool name, or a glob with {@code *} and {@code ?}
   * @param argument an optional argument condition, or {@code null}
   * @param decision allow, ask or deny
   * @param reason why, for people and the model
   * @param matchExamples argument objects (JSON text) the rule must match; checked at load
   * @param notMatchExamples argument objects (JSON text) the rule must not match; checked at load
   */
  public ToolRule(String id, String toolPattern, ArgumentCondition argument, Verdict decision, String reason,
      List<String> matchExamples, List<String> notMatchExamples) {
    this(id, toolPattern, argument, decision, reason, matchExamples, notMatchExamples, false);
  }

  /**
   * Returns this rule as added by a later layer.
   *
   * @return this rule as added by a later layer
   */
  public ToolRule asLayered() {
    return layered ? this
        : new ToolRule(id, toolPattern, argument, decision, reason, matchExamples, notMatchExamples, true);
  }

  /**
   * Validates the components.
   *
   * @param id the rule's id, reported as the deciding rule
   * @param toolPattern tool name, or a glob with {@code *} and {@code ?}
   * @param argument an optional argument condition, or {@code null}
   * @param decision allow, ask or deny
   * @param reason why, for people and the model
   * @param matchExamples argument objects (JSON text) the rule must match; checked at load
   * @param notMatchExamples argument objects (JSON text) the rule must not match; checked at load
   * @param layered true for a rule added by a later policy layer ({@link ComposedPolicy#compose}): it only adds its
   *     decision to what the earlier layers decide, so it never stops {@code defaults.unknownTool} or the base rules
   *     from applying (an overlay {@code ask} rule cannot turn a base {@code deny} into {@code ask})
   */
  public ToolRule {
    Objects.requireNonNull(id, "id must not be null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("rule id must not be blank");
    }
    Objects.requireNonNull(toolPattern, "toolPattern must not be null");
    if (toolPattern.isEmpty()) {
      throw new IllegalArgumentException("rule tool pattern must not be empty");
    }
    Objects.requireNonNull(decision, "decision must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    matchExamples = List.copyOf(Objects.requireNonNull(matchExamples, "matchExamples must not be null"));
    notMatchExamples = List.copyOf(Objects.requireNonNull(notMatchExamples, "notMatchExamples must not be null"));
  }

  /**
   * A rule on the tool name alone, without examples.
   *
   * @param id the rule's id
   * @param toolPattern tool name, or a glob with {@code *} and {@code ?}
   * @param decision allow, ask or deny
   * @param reason why, for people and the model
   * @return a rule on the tool name alone, without examples
   */
  public static ToolRule of(String id, String toolPattern, Verdict decision, String reason) {
    return new ToolRule(id, toolPattern, null, decision, reason, List.of(), List.of());
  }

  /**
   * An argument condition: the string at {@code pointer} matches {@code regex} (found anywhere in it, as
   * {@link java.util.regex.Matcher#find()}).
   *
   * @param pointer JSON Pointer into the arguments
   * @param regex a Java regular expression; evaluation is bounded, and an overrun denies the call
   */
  public record ArgumentCondition(String pointer, String regex) {
    /**
     * Validates the components and compiles the regex.
     *
     * @param pointer JSON Pointer into the arguments
     * @param regex a Java regular expression; evaluation is bounded, and an overrun denies the call
     */
    public ArgumentCondition {
      Objects.requireNonNull(pointer, "pointer must not be null");
      Objects.requireNonNull(regex, "regex must not be null");
      if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
        throw new IllegalArgumentException(
            "pointer '" + pointer + "' is not a JSON Pointer: it must be empty or start with '/'");
      }
      BoundedRegex.compile(regex);
    }
  }
}
