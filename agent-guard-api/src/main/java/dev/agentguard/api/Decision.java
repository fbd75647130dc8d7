package dev.agentguard.api;

/**
 * One check's judgement of a call: a {@link Verdict}, the check that made it, the rule that decided and a
 * human-readable reason.
 *
 * @param verdict what the check decided
 * @param check the check that decided, such as {@code filesystem}, {@code network}, {@code command},
 *     {@code tools}, {@code input} or {@code approval}
 * @param rule the id of the policy rule, or the name of the built-in rule, that decided
 * @param reason why, in words a person (and the model) can act on
 */
public record Decision(Verdict verdict, String check, String rule, String reason) {

  /**
   * Validates the components.
   *
   * @param verdict what the check decided
   * @param check the check that decided, such as {@code filesystem}, {@code network}, {@code command},
   *     {@code tools}, {@code input} or {@code approval}
   * @param rule the id of the policy rule, or the name of the built-in rule, that decided
   * @param reason why, in words a person (and the model) can act on
   */
  public Decision {
    Checks.notNull(verdict, "verdict");
    Checks.notBlank(check, "check");
    Checks.notBlank(rule, "rule");
    Checks.notNull(reason, "reason");
  }

  /**
   * Returns an {@link Verdict#ALLOW} decision.
   *
   * @param check the check that decided, such as {@code filesystem}; not blank
   * @param rule the id of the rule that decided; not blank
   * @param reason why, in words a person can act on; not {@code null}
   * @return an {@link Verdict#ALLOW} decision
   */
  public static Decision allow(String check, String rule, String reason) {
    return new Decision(Verdict.ALLOW, check, rule, reason);
  }

  /**
   * Returns an {@link Verdict#ASK} decision.
   *
   * @param check the check that decided, such as {@code filesystem}; not blank
   * @param rule the id of the rule that decided; not blank
   * @param reason why a person must approve, in words a person can act on; not {@code null}
   * @return an {@link Verdict#ASK} decision
   */
  public static Decision ask(String check, String rule, String reason) {
    return new Decision(Verdict.ASK, check, rule, reason);
  }

  /**
   * Returns a {@link Verdict#DENY} decision.
   *
   * @param check the check that decided, such as {@code filesystem}; not blank
   * @param rule the id of the rule that decided; not blank
   * @param reason why the call is refused, in words a person (and the model) can act on; not {@code null}
   * @return a {@link Verdict#DENY} decision
   */
  public static Decision deny(String check, String rule, String reason) {
    return new Decision(Verdict.DENY, check, rule, reason);
  }

  /**
   * Returns whether the verdict is {@link Verdict#ALLOW}.
   *
   * @return whether the verdict is {@link Verdict#ALLOW}
   */
  public boolean isAllow() {
    return verdict == Verdict.ALLOW;
  }

  /**
   * Returns whether the verdict is {@link Verdict#ASK}.
   *
   * @return whether the verdict is {@link Verdict#ASK}
   */
  public boolean isAsk() {
    return verdict == Verdict.ASK;
  }

  /**
   * Returns whether the verdict is {@link Verdict#DENY}.
   *
   * @return whether the verdict is {@link Verdict#DENY}
   */
  public boolean isDeny() {
    return verdict == Verdict.DENY;
  }

  @Override
  public String toString() {
    return verdict.label() + " by " + check + "/" + rule + ": " + reason;
  }
}
