package dev.agentguard.springai;

import dev.agentguard.api.Decision;
import dev.agentguard.core.telemetry.Redactor;

/** The text a model reads for a refused call: redacted, one line, bounded. */
final class RefusalText {

  private static final int MAX_REASON_CHARS = 2_000;

  private RefusalText() {}

  static String of(Decision decision) {
    Redactor redactor = Redactor.defaults();
    String rule = clean(redactor.redactText(decision.rule()), 200);
    String reason = clean(redactor.redactText(decision.reason()), MAX_REASON_CHARS);
    return "Tool call refused by agent-guard (rule " + rule + "): " + (reason.isEmpty() ? "no reason given" : reason)
        + ". Do not retry the same call; choose another way or tell the user.";
  }

  private static String clean(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    String s = sb.toString().strip();
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    return text.length() > max ? s + " [truncated]" : s;
  }
}
