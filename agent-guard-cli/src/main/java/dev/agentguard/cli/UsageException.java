package dev.agentguard.cli;

/**
 * Bad usage or a bad policy: {@link Main} prints {@code agent-guard COMMAND: MESSAGE} to stderr and exits with
 * {@link Main#USAGE}. Every command throws it instead of printing and returning the code itself.
 */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
