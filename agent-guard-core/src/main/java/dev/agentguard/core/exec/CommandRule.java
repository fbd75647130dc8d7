package dev.agentguard.core.exec;

import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * A command prefix rule: a command whose tokens (after quote removal) start with {@code prefix} gets
 * {@code decision}.
 *
 * @param id the rule id reported when it decides
 * @param prefix the leading tokens to match, at least one
 * @param decision allow, ask or deny
 * @param reason why, for people and the model; may be empty
 * @param layered true for a rule added by a later policy layer: it only adds its decision to what the earlier
 *     layers decide, so it never stops the earlier rules or {@code commands.default} from applying
 */
public record CommandRule(String id, List<String> prefix, Verdict decision, String reason, boolean layered) {

  /**
   * A rule from a single policy (not {@linkplain #layered() layered}).
   */
  public CommandRule(String id, List<String> prefix, Verdict decision, String reason) {
    this(id, prefix, decision, reason, false);
  }

  /**
   * Returns this rule as added by a later policy layer.
   *
   * @return this rule as added by a later policy layer
   */
  public CommandRule asLayered() {
    return layered ? this : new CommandRule(id, prefix, decision, reason, true);
  }

  /**
   * Validates the components.
   *
   * @param id the rule id reported when it decides
   * @param prefix the leading tokens to match, at least one
   * @param decision allow, ask or deny
   * @param reason why, for people and the model; may be empty
   * @param layered true for a rule added by a later policy layer: it only adds its decision to what the earlier layers
   *     decide, so it never stops the earlier rules or {@code commands.default} from applying
   */
  public CommandRule {
    Objects.requireNonNull(id, "id must not be null");
    prefix = List.copyOf(Objects.requireNonNull(prefix, "prefix must not be null"));
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("a command rule needs a non-empty prefix");
    }
    for (String token : prefix) {
      if (token.isEmpty()) {
        throw new IllegalArgumentException("a command rule prefix must not contain empty tokens");
      }
    }
    Objects.requireNonNull(decision, "decision must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
  }

  /**
   * A rule whose id is derived from its prefix, such as {@code commands[git status]}.
   *
   * @return a rule whose id is derived from its prefix, such as {@code commands[git status]}
   */
  public static CommandRule of(List<String> prefix, Verdict decision) {
    return new CommandRule("commands[" + String.join(" ", prefix) + "]", prefix, decision, "");
  }
}
