package dev.agentguard.core.exec;

/** A command line the analysis refuses outright: carries the built-in rule id and the reason. */
final class ShellRejection extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String rule;

  ShellRejection(String rule, String reason) {
    super(reason, null, false, false);
    this.rule = rule;
  }

  String rule() {
    return rule;
  }
}
