package dev.agentguard.core.policy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.exec.CommandRule;
import dev.agentguard.core.exec.CommandRules;
import dev.agentguard.core.policy.LocatedTree.Arr;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code commands} section: prefix rules with their ids and reasons, and the default verdict. */
final class CommandSection {

  private final PolicyFields in;

  CommandSection(PolicyFields in) {
    this.in = in;
  }

  CommandRules read(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "commands");
    if (o == null) {
      return CommandRules.NONE;
    }
    in.keys(o, "commands", "rules", "default");
    List<CommandRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : in.list(o.fields().get("rules"), "commands.rules")) {
      CommandRule rule = rule(item, ids);
      if (rule != null) {
        rules.add(rule);
      }
    }
    Verdict def = Verdict.ASK;
    Field d = o.fields().get("default");
    if (d != null) {
      in.markPresent("commands.default");
      Verdict v = in.verdict(d, "commands.default");
      if (v != null) {
        def = v;
      }
    }
    return new CommandRules(rules, def);
  }

  /** One rule; {@code null} after reporting why it is invalid. {@code ids} collects the explicit ids. */
  private CommandRule rule(Node item, Set<String> ids) {
    Obj r = in.object(item, "a command rule");
    if (r == null) {
      return null;
    }
    in.keys(r, "a command rule", "prefix", "decision", "id", "reason");
    List<String> prefix = prefix(r);
    if (prefix == null) {
      return null;
    }
    Verdict decision = in.verdict(r.fields().get("decision"), "decision");
    if (r.fields().get("decision") == null) {
      in.error(r, "a command rule needs a 'decision' (allow, ask or deny)");
    }
    Field idField = r.fields().get("id");
    String id = idField == null ? null : in.string(idField.value(), "id");
    String reason = in.optionalString(r.fields().get("reason"), "reason", "");
    if (prefix.isEmpty() || decision == null || (idField != null && id == null) || reason == null) {
      return null;
    }
    CommandRule rule = id == null ? CommandRule.of(prefix, decision)
        : new CommandRule(id, prefix, decision, reason);
    if (id == null && !reason.isEmpty()) {
      rule = new CommandRule(rule.id(), prefix, decision, reason);
    }
    if (id != null && !ids.add(id)) {
      in.error(idField.value(), "duplicate command rule id '" + id + "'");
      return null;
    }
    return rule;
  }

  /**
   * The rule's prefix tokens: {@code null} when the rule cannot be read further (the prefix is missing, a string
   * or an empty list), an empty list when a token is invalid (the rest of the rule is still checked).
   */
  private List<String> prefix(Obj r) {
    Field prefixField = r.fields().get("prefix");
    if (prefixField == null) {
      in.error(r, "a command rule needs a 'prefix' (a list of tokens such as [git, status])");
      return null;
    }
    if (PolicyFields.isString(prefixField.value())) {
      in.error(prefixField.value(), "prefix must be a list of tokens such as [git, status], not a string");
      return null;
    }
    List<Node> tokens = in.list(prefixField, "prefix");
    if (tokens.isEmpty() && prefixField.value() instanceof Arr) {
      in.error(prefixField.value(), "prefix must not be empty");
      return null;
    }
    List<String> prefix = new ArrayList<>();
    boolean ok = true;
    for (Node t : tokens) {
      String token = in.scalarText(t, "a prefix token");
      if (token == null) {
        ok = false;
      } else if (token.isEmpty()) {
        in.error(t, "prefix tokens must not be empty");
        ok = false;
      } else {
        prefix.add(token);
      }
    }
    return ok ? prefix : List.of();
  }
}
