package dev.agentguard.core.policy;

import dev.agentguard.api.Verdict;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import dev.agentguard.core.policy.LocatedTree.Scalar;
import dev.agentguard.core.session.SessionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads the {@code session} section: private globs, trusted hosts, the trifecta, budgets and flow rules. */
final class SessionSection {

  private static final String[] BUDGETS = {"maxCalls", "perMinute", "maxIdentical", "maxApprovals"};

  private final PolicyFields in;

  SessionSection(PolicyFields in) {
    this.in = in;
  }

  SessionPolicy read(Field field) {
    if (field == null) {
      return SessionPolicy.NONE;
    }
    in.markPresent("session");
    Obj o = in.object(field.value(), "session");
    if (o == null) {
      return SessionPolicy.NONE;
    }
    in.keys(o, "session", "private", "trusted", "sameOrigin", "trifecta", "results", "budgets", "rules");
    SessionPolicy.Builder b = SessionPolicy.builder();
    if (o.fields().containsKey("private")) {
      b.privateGlobs(new FileSystemSection(in).globs(o.fields().get("private"), "session.private", false));
    }
    NetworkSection hosts = new NetworkSection(in);
    hosts.hosts(o.fields().get("trusted"), "session.trusted").forEach(b::trusted);
    hosts.hosts(o.fields().get("sameOrigin"), "session.sameOrigin").forEach(b::sameOrigin);
    label(o.fields().get("trifecta"), "session.trifecta", SessionPolicy.Trifecta::fromLabel, b::trifecta);
    label(o.fields().get("results"), "session.results", SessionPolicy.Results::fromLabel, b::results);
    SessionPolicy.Budgets budgets = budgets(o.fields().get("budgets"));
    if (budgets != null) {
      b.budgets(budgets);
    }
    flowRules(o.fields().get("rules")).forEach(b::rule);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      in.error(field.value(), e.getMessage());
      return SessionPolicy.NONE;
    }
  }

  /** A labelled setting (a bare {@code off} included) handed to {@code set} when it parses. */
  private <T> void label(Field field, String what, Function<String, T> parse, Consumer<T> set) {
    String text = field == null ? null : in.offOrString(field.value(), what);
    if (text == null) {
      return;
    }
    try {
      set.accept(parse.apply(text));
    } catch (IllegalArgumentException e) {
      in.error(field.value(), what + ": " + e.getMessage());
    }
  }

  private SessionPolicy.Budgets budgets(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "session.budgets");
    if (o == null) {
      return null;
    }
    in.keys(o, "session.budgets", BUDGETS);
    int[] values = new int[BUDGETS.length];
    boolean ok = true;
    for (int i = 0; i < BUDGETS.length; i++) {
      Field f = o.fields().get(BUDGETS[i]);
      if (f == null) {
        continue;
      }
      values[i] = budget(f.value(), BUDGETS[i]);
      ok &= values[i] >= 0;
    }
    return ok ? new SessionPolicy.Budgets(values[0], values[1], values[2], values[3]) : null;
  }

  /** One budget value, or -1 after reporting why it is not a whole number in range. */
  private int budget(Node v, String name) {
    String text = v instanceof Scalar && ((Scalar) v).isInteger() ? ((Scalar) v).text() : null;
    long n = text != null && text.matches("\\d{1,9}") ? Long.parseLong(text) : -1;
    long max = name.equals("perMinute") ? SessionPolicy.MAX_PER_MINUTE : Integer.MAX_VALUE;
    if (n < 0 || n > max) {
      in.error(v, "session.budgets." + name + " must be a whole number from 0 (no limit) to " + max + ", got "
          + (v instanceof Scalar && ((Scalar) v).text() != null && !((Scalar) v).isString()
              ? ((Scalar) v).text() : PolicyFields.describe(v)));
      return -1;
    }
    return (int) n;
  }

  private List<SessionPolicy.FlowRule> flowRules(Field field) {
    List<SessionPolicy.FlowRule> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : in.list(field, "session.rules")) {
      SessionPolicy.FlowRule rule = flowRule(item, ids);
      if (rule != null) {
        out.add(rule);
      }
    }
    return out;
  }

  /** One flow rule; {@code null} after reporting why it is invalid. {@code ids} collects the ids seen so far. */
  private SessionPolicy.FlowRule flowRule(Node item, Set<String> ids) {
    Obj r = in.object(item, "a session rule");
    if (r == null) {
      return null;
    }
    in.keys(r, "a session rule", "id", "after", "tools", "labels", "decision", "reason");
    String id = in.requiredString(r, "id", "a session rule");
    List<String> after = names(r.fields().get("after"), "after");
    List<String> tools = names(r.fields().get("tools"), "tools");
    List<String> labels = names(r.fields().get("labels"), "labels");
    if (r.fields().get("decision") == null) {
      in.error(r, "a session rule needs a 'decision' (ask or deny)");
    }
    Verdict decision = in.verdict(r.fields().get("decision"), "decision");
    String reason = in.optionalString(r.fields().get("reason"), "reason", "");
    if (id == null || after == null || tools == null || labels == null || decision == null || reason == null) {
      return null;
    }
    if (!ids.add(id)) {
      in.error(r.fields().get("id").value(), "duplicate session rule id '" + id + "'");
      return null;
    }
    try {
      return new SessionPolicy.FlowRule(id, after, tools, labels, decision, reason);
    } catch (IllegalArgumentException e) {
      in.error(r, e.getMessage());
      return null;
    }
  }

  /** A list of non-empty strings; {@code null} after reporting an error. */
  private List<String> names(Field field, String what) {
    List<String> out = new ArrayList<>();
    if (field != null && PolicyFields.isString(field.value())) {
      in.error(field.value(), what + " must be a list such as [untrusted], not a string");
      return null;
    }
    int before = in.errorCount();
    for (Node item : in.list(field, what)) {
      String s = in.string(item, "an item of " + what);
      if (s != null && s.isBlank()) {
        in.error(item, "items of " + what + " must not be blank");
      } else if (s != null) {
        out.add(s);
      }
    }
    return in.errorCount() == before ? out : null;
  }
}
