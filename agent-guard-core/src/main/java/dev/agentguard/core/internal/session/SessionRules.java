package dev.agentguard.core.internal.session;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.session.SessionLabel;
import dev.agentguard.core.session.SessionPolicy;
import java.util.List;

/**
 * The session's rules, each reading a {@link Session} under its monitor and adding its decisions: flow rules, the
 * lethal trifecta, budgets and loops, and the approvals cap. Reasons say what to do next, so a model can act.
 */
final class SessionRules {

  private SessionRules() {}

  static void flowRules(CompiledSession policy, Session s, ToolCall call, CallLabels labels, List<Decision> out) {
    List<SessionPolicy.FlowRule> rules = policy.policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      SessionPolicy.FlowRule r = rules.get(i);
      long after = policy.afterBits(i);
      if ((s.seen() & after) != after || !appliesTo(r, call, labels)) {
        continue;
      }
      StringBuilder why = new StringBuilder();
      for (String a : r.after()) {
        SessionLabel l = SessionLabel.fromLabel(a);
        why.append(why.length() == 0 ? "" : ", ")
            .append(l == null ? "tool " + a + " was called" : a + " (" + s.origin(l) + ")");
      }
      String verb = r.decision() == Verdict.ASK ? "needs approval" : "is refused";
      out.add(new Decision(r.decision(), CheckNames.SESSION, r.id(),
          UntrustedText.printable(call.toolName()) + " " + verb
              + " by session rule '" + r.id() + "': earlier in this conversation " + why
              + (r.reason().isEmpty() ? "" : "; " + r.reason())));
    }
  }

  private static boolean appliesTo(SessionPolicy.FlowRule r, ToolCall call, CallLabels labels) {
    if (!r.tools().isEmpty()) {
      boolean any = false;
      for (String glob : r.tools()) {
        if (CallLabels.toolMatches(glob, call.toolName())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    for (String l : r.labels()) {
      if (!labels.has(SessionLabel.fromLabel(l))) {
        return false;
      }
    }
    return true;
  }

  static void trifecta(CompiledSession policy, Session s, CallLabels labels, List<Decision> out) {
    SessionPolicy.Trifecta mode = policy.policy.trifecta();
    long both = CallLabels.bit(SessionLabel.PRIVATE) | CallLabels.bit(SessionLabel.UNTRUSTED);
    if (mode == SessionPolicy.Trifecta.OFF || !labels.has(SessionLabel.EGRESS) || (s.seen() & both) != both) {
      return;
    }
    String reason = "this call can send data out (" + labels.detail(SessionLabel.EGRESS)
        + ") and this conversation already holds private data (" + s.origin(SessionLabel.PRIVATE)
        + ") and untrusted content (" + s.origin(SessionLabel.UNTRUSTED) + "): instructions in the untrusted"
        + " content could make it leak the private data"
        + (mode == SessionPolicy.Trifecta.ASK ? "; a person must approve it" : "; continue without sending data out,"
            + " or start a new conversation");
    out.add(new Decision(mode == SessionPolicy.Trifecta.ASK ? Verdict.ASK : Verdict.DENY, CheckNames.SESSION,
        SessionPolicy.RULE_TRIFECTA, reason));
  }

  static void budgets(CompiledSession policy, Session s, ToolCall call, long fingerprint, long now,
      List<Decision> out) {
    SessionPolicy.Budgets b = policy.policy.budgets();
    if (b.maxCalls() > 0 && s.calls() >= b.maxCalls()) {
      out.add(Decision.deny(CheckNames.SESSION, SessionPolicy.RULE_MAX_CALLS, "this conversation has made "
          + s.calls() + " tool calls, its whole budget of " + b.maxCalls()
          + "; finish with what you have, or ask the user to start a new conversation"));
    }
    if (b.perMinute() > 0) {
      int last = s.callsInLastMinute(now);
      if (last >= b.perMinute()) {
        long wait = (s.millisUntilSlot(now) + 999) / 1000;
        out.add(Decision.deny(CheckNames.SESSION, SessionPolicy.RULE_RATE, "this conversation has made " + last
            + " tool calls in the last minute, the limit of " + b.perMinute() + "; wait about " + wait
            + " s before the next call"));
      }
    }
    if (b.maxIdentical() > 0) {
      int n = s.identicalCount(fingerprint);
      if (n >= b.maxIdentical()) {
        out.add(Decision.deny(CheckNames.SESSION, SessionPolicy.RULE_REPEATED,
            "`" + UntrustedText.printable(call.toolName())
                + "` with the same arguments has been called " + n + " times in this conversation (limit "
                + b.maxIdentical() + "); repeating it will not change the outcome: change approach"));
      }
    }
  }

  static void approvals(CompiledSession policy, Session s, List<Decision> out) {
    int max = policy.policy.budgets().maxApprovals();
    if (max > 0 && s.approvals() >= max) {
      out.add(Decision.deny(CheckNames.SESSION, SessionPolicy.RULE_MAX_APPROVALS, "this conversation has already"
          + " asked for " + s.approvals() + " approvals, the limit of " + max + "; this call needs one more, so"
          + " it is refused: do without it, or ask the user to raise the limit"));
    }
  }
}
