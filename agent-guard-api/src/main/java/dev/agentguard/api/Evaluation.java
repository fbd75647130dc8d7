package dev.agentguard.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The guard's full judgement of one call: what it touches, every check's decision, and the final decision
 * combined by deny-overrides. Produced without running or asking anything.
 *
 * @param call the call judged
 * @param resources what the call touches
 * @param decisions every check's decisions, in check order
 * @param decision the final decision: the first DENY, else the first ASK, else the first ALLOW
 * @param enforced {@code false} when the policy is in audit mode: decided and recorded, never blocked
 */
public record Evaluation(
    ToolCall call, List<Resource> resources, List<Decision> decisions, Decision decision, boolean enforced) {

  /**
   * Validates the components.
   *
   * @param call the call judged
   * @param resources what the call touches
   * @param decisions every check's decisions, in check order
   * @param decision the final decision: the first DENY, else the first ASK, else the first ALLOW
   * @param enforced {@code false} when the policy is in audit mode: decided and recorded, never blocked
   */
  public Evaluation {
    Checks.notNull(call, "call");
    resources = Checks.copyOf(resources, "resources");
    decisions = Checks.copyOf(decisions, "decisions");
    Checks.notNull(decision, "decision");
  }

  /**
   * Returns the evaluation of {@code call} whose final decision combines {@code decisions} by deny-overrides.
   * With no decisions at all the call is denied: nothing vouched for it.
   *
   * @param call the call judged
   * @param resources what the call touches, copied
   * @param decisions every check's decisions in check order, copied
   * @param enforced {@code false} when the policy is in audit mode
   * @return the evaluation, whose {@link #decision()} is {@link #combine(List) combine(decisions)}
   */
  public static Evaluation of(
      ToolCall call, List<Resource> resources, List<Decision> decisions, boolean enforced) {
    return new Evaluation(call, resources, decisions, combine(decisions), enforced);
  }

  /**
   * Combines decisions by deny-overrides: the first DENY, else the first ASK, else the first ALLOW; DENY when
   * there are none.
   *
   * @param decisions the decisions to combine, in check order; not {@code null}
   * @return the first DENY, else the first ASK, else the first ALLOW; for an empty list a DENY by check
   *     {@code guard}
   */
  public static Decision combine(List<Decision> decisions) {
    Checks.notNull(decisions, "decisions");
    Decision firstAsk = null;
    Decision firstAllow = null;
    for (Decision d : decisions) {
      switch (d.verdict()) {
        case DENY:
          return d;
        case ASK:
          if (firstAsk == null) {
            firstAsk = d;
          }
          break;
        default:
          if (firstAllow == null) {
            firstAllow = d;
          }
      }
    }
    if (firstAsk != null) {
      return firstAsk;
    }
    if (firstAllow != null) {
      return firstAllow;
    }
    return Decision.deny("guard", "no-decision", "no check judged the call");
  }

  /**
   * The final verdict.
   *
   * @return the final verdict
   */
  public Verdict verdict() {
    return decision.verdict();
  }

  /**
   * The decisions made by {@code check}, in order.
   *
   * @param check the check's name, such as {@code filesystem}
   * @return the decisions made by {@code check}, in order
   */
  public List<Decision> decisionsOf(String check) {
    Checks.notNull(check, "check");
    List<Decision> out = new ArrayList<>();
    for (Decision d : decisions) {
      if (d.check().equals(check)) {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The decisions whose verdict is {@code verdict}, in order.
   *
   * @param verdict the verdict to select
   * @return the decisions whose verdict is {@code verdict}, in order
   */
  public List<Decision> decisionsWith(Verdict verdict) {
    Checks.notNull(verdict, "verdict");
    List<Decision> out = new ArrayList<>();
    for (Decision d : decisions) {
      if (d.verdict() == verdict) {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }
}
