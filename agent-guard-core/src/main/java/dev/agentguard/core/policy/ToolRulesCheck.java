package dev.agentguard.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.glob.NameGlob;
import dev.agentguard.core.internal.JsonPointers;
import dev.agentguard.core.json.JsonNodeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies the policy's tool-level {@code rules} and the {@code defaults.unknownTool} decision. Every matching
 * rule is reported; combined by deny-overrides, the strictest tier wins and within a tier the first rule in
 * file order decides. A tool with no matching rule is decided by its resources when it has a descriptor, and
 * by {@code unknownTool} when it has none. Rules added by a later policy layer ({@link ToolRule#layered()}) are
 * reported on top of that base decision, never instead of it.
 */
public final class ToolRulesCheck implements GuardCheck {

  /** The rule id reported when {@code defaults.unknownTool} decides. */
  public static final String UNKNOWN_TOOL_RULE = "defaults.unknownTool";

  private final List<CompiledRule> rules;
  private final Verdict unknownTool;

  /**
   * Creates the check for the given rules and unknown-tool decision.
   *
   * @param rules the tool rules, in policy order
   * @param unknownTool the decision for a tool with no descriptor and no matching rule
   */
  public ToolRulesCheck(List<ToolRule> rules, Verdict unknownTool) {
    Objects.requireNonNull(rules, "rules must not be null");
    this.unknownTool = Objects.requireNonNull(unknownTool, "unknownTool must not be null");
    List<CompiledRule> compiled = new ArrayList<>(rules.size());
    for (ToolRule r : rules) {
      compiled.add(new CompiledRule(r));
    }
    this.rules = List.copyOf(compiled);
  }

  /**
   * Creates the check for {@code policy}.
   *
   * @param policy the policy whose rules and unknown-tool decision apply
   * @return the check
   */
  public static ToolRulesCheck of(Policy policy) {
    return new ToolRulesCheck(policy.rules(), policy.unknownTool());
  }

  @Override
  public String name() {
    return CheckNames.TOOLS;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    String tool = request.call().toolName();
    List<Decision> out = new ArrayList<>(2);
    List<Decision> layered = new ArrayList<>(0);
    JsonNode arguments = rules.isEmpty() ? null : JsonNodeValue.nodeOf(request.arguments());
    for (CompiledRule rule : rules) {
      Decision d = rule.apply(tool, arguments);
      if (d != null) {
        (rule.rule.layered() ? layered : out).add(d);
      }
    }
    if (out.isEmpty()) {
      if (request.hasDescriptor()) {
        out.add(Decision.allow(CheckNames.TOOLS, "tools." + tool,
            "no tool rule matched; the call is decided by its resources"));
      } else {
        out.add(new Decision(unknownTool, CheckNames.TOOLS, UNKNOWN_TOOL_RULE,
            "tool " + UntrustedText.quote(tool) + " is undescribed (it has no descriptor and no rule); "
                + "defaults.unknownTool is "
                + unknownTool.label()));
      }
    }
    // Rules from later layers only add to what the base decided (deny-overrides combines them).
    out.addAll(layered);
    return out;
  }

  /**
   * Returns whether {@code rule} matches a call to its own tool pattern with {@code argumentsJson}; used to
   * check a rule's examples at load.
   *
   * @param rule the rule
   * @param arguments the parsed arguments of an example
   * @return whether {@code rule} matches a call to its own tool pattern with {@code argumentsJson}; used to check a
   *     rule's examples at load
   * @throws IllegalArgumentException if the arguments are not a JSON object or the regex overran its budget
   */
  static boolean matchesArguments(ToolRule rule, JsonNode arguments) {
    Objects.requireNonNull(rule, "rule must not be null");
    Objects.requireNonNull(arguments, "arguments must not be null");
    CompiledRule compiled = new CompiledRule(rule);
    Match m = compiled.matchArguments(arguments);
    if (m == Match.TOO_COSTLY) {
      throw new IllegalArgumentException("regex of rule '" + rule.id() + "' is too costly on this example");
    }
    return m == Match.YES;
  }

  private enum Match {
    YES,
    NO,
    TOO_COSTLY
  }

  private static final class CompiledRule {
    private final ToolRule rule;
    private final BoundedRegex regex;

    CompiledRule(ToolRule rule) {
      this.rule = rule;
      this.regex = rule.argument() == null ? null : BoundedRegex.compile(rule.argument().regex());
    }

    Decision apply(String tool, JsonNode arguments) {
      if (!NameGlob.matches(rule.toolPattern(), tool)) {
        return null;
      }
      switch (matchArguments(arguments)) {
        case YES:
          return new Decision(rule.decision(), CheckNames.TOOLS, rule.id(),
              rule.reason().isEmpty() ? "matched tool rule '" + rule.id() + "'" : rule.reason());
        case TOO_COSTLY:
          return Decision.deny(CheckNames.TOOLS, rule.id(),
              "the argument condition of rule '" + rule.id() + "' was too costly to evaluate");
        default:
          return null;
      }
    }

    Match matchArguments(JsonNode arguments) {
      if (regex == null) {
        return Match.YES;
      }
      for (JsonNode node : JsonPointers.resolve(arguments, rule.argument().pointer())) {
        String text = node.isTextual() ? node.textValue() : node.toString();
        BoundedRegex.Result r = regex.find(text);
        if (r == BoundedRegex.Result.TOO_COSTLY) {
          return Match.TOO_COSTLY;
        }
        if (r == BoundedRegex.Result.FOUND) {
          return Match.YES;
        }
      }
      return Match.NO;
    }
  }

  @Override
  public String toString() {
    return "ToolRulesCheck" + Map.of("rules", rules.size(), "unknownTool", unknownTool);
  }
}
