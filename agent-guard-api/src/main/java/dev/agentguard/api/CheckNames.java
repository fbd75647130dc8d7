package dev.agentguard.api;

/** Names of the built-in checks, as they appear in {@link Decision#check()}. */
public final class CheckNames {
  /** Malformed or oversized input. */
  public static final String INPUT = "input";
  /** The filesystem allowlist. */
  public static final String FILESYSTEM = "filesystem";
  /** The network allowlist. */
  public static final String NETWORK = "network";
  /** The command policy. */
  public static final String COMMAND = "command";
  /** Tool-level rules and the unknown-tool default. */
  public static final String TOOLS = "tools";
  /** The approval gate. */
  public static final String APPROVAL = "approval";
  /** Session-aware policy: what the conversation has seen so far, budgets and loop detection. */
  public static final String SESSION = "session";

  private CheckNames() {}
}
