package dev.agentguard.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code rules} section: tool rules with their argument condition (a bounded regex at a JSON
 * Pointer), and checks each rule against its own {@code examples}.
 */
final class RuleSection {

  private final PolicyFields in;

  RuleSection(PolicyFields in) {
    this.in = in;
  }

  List<ToolRule> read(Field field) {
    List<ToolRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : in.list(field, "rules")) {
      ToolRule rule = rule(item, ids);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  /** One rule; {@code null} after reporting why it is invalid. {@code ids} collects the ids seen so far. */
  private ToolRule rule(Node item, Set<String> ids) {
    Obj r = in.object(item, "a rule");
    if (r == null) {
      return null;
    }
    in.keys(r, "a rule", "id", "tool", "argument", "decision", "reason", "examples");
    String id = in.requiredString(r, "id", "a rule");
    String tool = in.requiredString(r, "tool", "a rule");
    Verdict decision = in.verdict(r.fields().get("decision"), "decision");
    if (r.fields().get("decision") == null) {
      in.error(r, "a rule needs a 'decision' (allow, ask or deny)");
    }
    String reason = in.optionalString(r.fields().get("reason"), "reason", "");
    boolean ok = id != null && tool != null && decision != null && reason != null;
    if (id != null && id.isBlank()) {
      in.error(r.fields().get("id").value(), "a rule id must not be blank");
      ok = false;
    } else if (id != null && !ids.add(id)) {
      in.error(r.fields().get("id").value(), "duplicate rule id '" + id + "'");
      ok = false;
    }
    if (tool != null && tool.isEmpty()) {
      in.error(r.fields().get("tool").value(), "a rule's tool pattern must not be empty");
      ok = false;
    }
    Argument argument = argument(r.fields().get("argument"));
    List<Node> match = new ArrayList<>();
    List<Node> notMatch = new ArrayList<>();
    boolean examplesRead = examples(r.fields().get("examples"), match, notMatch);
    if (!ok || !argument.ok() || !examplesRead) {
      return null;
    }
    ToolRule.ArgumentCondition condition = argument.condition();
    List<String> matchJson = new ArrayList<>();
    List<String> notMatchJson = new ArrayList<>();
    ToolRule rule = new ToolRule(id, tool, condition, decision, reason, List.of(), List.of());
    boolean examplesOk = check(rule, match, true, matchJson) & check(rule, notMatch, false, notMatchJson);
    return examplesOk ? new ToolRule(id, tool, condition, decision, reason, matchJson, notMatchJson) : null;
  }

  /** A rule's argument condition ({@code null}: none) and whether it was read without a disqualifying error. */
  private record Argument(ToolRule.ArgumentCondition condition, boolean ok) {
    static final Argument NONE = new Argument(null, true);
    static final Argument INVALID = new Argument(null, false);
  }

  /** The {@code argument} condition; invalid after reporting why. */
  private Argument argument(Field arg) {
    if (arg == null) {
      return Argument.NONE;
    }
    Obj a = in.object(arg.value(), "argument");
    if (a == null) {
      return Argument.INVALID;
    }
    in.keys(a, "argument", "pointer", "matches");
    String pointer = in.requiredString(a, "pointer", "argument");
    String regex = in.requiredString(a, "matches", "argument");
    if (pointer == null || regex == null) {
      return Argument.INVALID;
    }
    boolean ok = true;
    try {
      PolicyFields.pointerOk(pointer);
    } catch (IllegalArgumentException e) {
      in.error(a.fields().get("pointer").value(), e.getMessage());
      ok = false;
    }
    try {
      BoundedRegex.compile(regex);
      BoundedRegex.checkNotCatastrophic(regex);
    } catch (IllegalArgumentException e) {
      in.error(a.fields().get("matches").value(), e.getMessage());
      ok = false;
    }
    return ok ? new Argument(new ToolRule.ArgumentCondition(pointer, regex), true) : Argument.INVALID;
  }

  /**
   * Collects the {@code examples.match} and {@code examples.notMatch} nodes; {@code false} when the block is not
   * an object (reported). A malformed list inside it is reported but does not stop the other list's checks.
   */
  private boolean examples(Field ex, List<Node> match, List<Node> notMatch) {
    if (ex == null) {
      return true;
    }
    Obj e = in.object(ex.value(), "examples");
    if (e == null) {
      return false;
    }
    in.keys(e, "examples", "match", "notMatch");
    match.addAll(in.list(e.fields().get("match"), "examples.match"));
    notMatch.addAll(in.list(e.fields().get("notMatch"), "examples.notMatch"));
    return true;
  }

  /** Whether every example matches the rule (or does not, per {@code shouldMatch}); adds each one's JSON. */
  private boolean check(ToolRule rule, List<Node> examples, boolean shouldMatch, List<String> out) {
    boolean ok = true;
    for (Node example : examples) {
      if (!(example instanceof Obj)) {
        in.error(example, "an example must be an object of tool arguments, got " + PolicyFields.describe(example));
        ok = false;
        continue;
      }
      JsonNode args = LocatedTree.toJson(example);
      try {
        boolean matches = ToolRulesCheck.matchesArguments(rule, args);
        if (matches != shouldMatch) {
          in.error(example, "rule '" + rule.id() + "' " + (shouldMatch ? "does not match" : "matches")
              + " this " + (shouldMatch ? "match" : "notMatch") + " example " + args);
          ok = false;
        }
      } catch (IllegalArgumentException e) {
        in.error(example, e.getMessage());
        ok = false;
      }
      out.add(args.toString());
    }
    return ok;
  }
}
