package dev.agentguard.core.exec;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.text.UntrustedText;

/** Unwinds a command's analysis at its first DENY, carrying that decision. */
final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  Refusal(Decision decision) {
    super(decision.reason(), null, false, false);
    this.decision = decision;
  }

  Decision decision() {
    return decision;
  }

  /** A DENY by the command check with built-in rule {@code rule}. */
  static Decision deny(String rule, String reason) {
    return Decision.deny(CheckNames.COMMAND, rule, reason);
  }

  /** The refusal of a DENY with built-in rule {@code rule}. */
  static Refusal of(String rule, String reason) {
    return new Refusal(deny(rule, reason));
  }

  /** Untrusted text for a reason: control and format characters escaped, at most 80 characters. */
  static String abbreviate(String s) {
    return UntrustedText.printable(s, 80);
  }
}
