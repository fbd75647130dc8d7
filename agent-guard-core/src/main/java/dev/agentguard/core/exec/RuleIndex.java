package dev.agentguard.core.exec;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy's command rules indexed for lookup: allow rules by their first token (an allow rule matches only
 * words starting with exactly that token), deny and ask rules by their program as {@link Programs#normalize}
 * reads it (they match the program behind any path). A lookup finds the same rules a scan would, at a cost
 * independent of the rule count. Immutable and thread-safe.
 */
final class RuleIndex {

  /** Rule id of the default decision for a command no rule matches. */
  static final String DEFAULT_RULE = "commands.default";

  private final CommandRules rules;
  private final Map<String, List<CommandRule>> allowRules;
  private final Map<String, List<CommandRule>> strictRules;
  /** Each rule's {@link #why}, made once. */
  private final Map<CommandRule, String> whys = new java.util.IdentityHashMap<>();

  RuleIndex(CommandRules rules) {
    this.rules = rules;
    Map<String, List<CommandRule>> allow = new HashMap<>();
    Map<String, List<CommandRule>> strict = new HashMap<>();
    for (CommandRule rule : rules.rules()) {
      whys.put(rule, why(rule));
      if (rule.decision() == Verdict.ALLOW) {
        allow.computeIfAbsent(rule.prefix().get(0), k -> new ArrayList<>()).add(rule);
      } else {
        strict.computeIfAbsent(Programs.normalize(rule.prefix().get(0)), k -> new ArrayList<>()).add(rule);
      }
    }
    this.allowRules = frozen(allow);
    this.strictRules = frozen(strict);
  }

  private static Map<String, List<CommandRule>> frozen(Map<String, List<CommandRule>> byKey) {
    Map<String, List<CommandRule>> out = new HashMap<>();
    byKey.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  /** Deny and ask rules whose prefix matches {@code words} loosely (see {@link RuleMatcher#matchesLoosely}). */
  List<CommandRule> strictMatches(List<String> words) {
    if (words.isEmpty()) {
      return List.of();
    }
    List<CommandRule> out = new ArrayList<>();
    for (CommandRule rule : strictRules.getOrDefault(Programs.normalize(words.get(0)), List.of())) {
      if (RuleMatcher.matchesLoosely(rule.prefix(), words)) {
        out.add(rule);
      }
    }
    return out;
  }

  /** Allow rules whose prefix is exactly {@code words}' leading words and covers the word at {@code mustName}. */
  List<CommandRule> allowMatches(List<String> words, int mustName) {
    if (words.isEmpty()) {
      return List.of();
    }
    List<CommandRule> out = new ArrayList<>();
    for (CommandRule rule : allowRules.getOrDefault(words.get(0), List.of())) {
      if (rule.prefix().size() > mustName && RuleMatcher.matchesExactly(rule.prefix(), words)) {
        out.add(rule);
      }
    }
    return out;
  }

  /** The decision {@code rule} gives the part described by {@code label}. */
  Decision decision(CommandRule rule, String label) {
    String why = whys.get(rule);
    return new Decision(rule.decision(), CheckNames.COMMAND, rule.id(), label.trim() + ": "
        + (why != null ? why : why(rule)));
  }

  /** Why {@code rule} decides, as reasons say it. */
  private static String why(CommandRule rule) {
    return rule.reason().isEmpty() ? "matches " + rule.decision().label() + " rule " + rule.id()
        : rule.reason() + " (" + rule.id() + ")";
  }

  /** The policy's default decision for the part described by {@code label}. */
  Decision defaultDecision(String label) {
    return new Decision(rules.defaultDecision(), CheckNames.COMMAND, DEFAULT_RULE, label.trim()
        + ": no command rule matched; commands.default is " + rules.defaultDecision().label());
  }
}
