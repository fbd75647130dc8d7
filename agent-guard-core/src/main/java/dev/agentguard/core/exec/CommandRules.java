package dev.agentguard.core.exec;

import dev.agentguard.api.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * The policy's {@code commands} section.
 *
 * @param rules prefix rules; the strictest matching rule wins
 * @param defaultDecision what a command matching no rule gets (default ASK)
 */
public record CommandRules(List<CommandRule> rules, Verdict defaultDecision) {

  /** No rules; everything asks. */
  public static final CommandRules NONE = new CommandRules(List.of(), Verdict.ASK);

  /**
   * Validates the components.
   *
   * @param rules prefix rules; the strictest matching rule wins
   * @param defaultDecision what a command matching no rule gets (default ASK)
   */
  public CommandRules {
    rules = List.copyOf(Objects.requireNonNull(rules, "rules must not be null"));
    Objects.requireNonNull(defaultDecision, "defaultDecision must not be null");
  }
}
