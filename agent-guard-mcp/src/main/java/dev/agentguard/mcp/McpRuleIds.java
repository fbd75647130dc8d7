package dev.agentguard.mcp;

/** The rule ids and the check name that the MCP guard reports. */
public final class McpRuleIds {

  /** The name of the MCP check in evaluations ({@code Decision.check()}). */
  public static final String CHECK = "mcp";

  /** A tool whose definition differs from its pin: refused until a human approves the new definition. */
  public static final String TOOL_CHANGED = "mcp.tool-changed";

  /** A tool whose definition could not be pinned (the pin file could not be used): refused. */
  public static final String TOOL_UNPINNED = "mcp.tool-unpinned";

  /** A tool the server did not list: refused, since its definition was never seen nor pinned. */
  public static final String TOOL_UNLISTED = "mcp.tool-unlisted";

  /** A tool a trusted server marks as destructive: asks a human. */
  public static final String DESTRUCTIVE_HINT = "mcp.destructive-hint";

  /** A tool a trusted server marks as read-only: allowed (it touches nothing the policy names). */
  public static final String READ_ONLY_HINT = "mcp.read-only-hint";

  /** The call attribute holding the server's name as the guard knows it. */
  public static final String SERVER_ATTRIBUTE = "mcp.server";

  /**
   * The call attribute set to {@code true} when a trusted server says the tool reaches an open world
   * ({@code openWorldHint}): its results are untrusted content.
   */
  public static final String OPEN_WORLD_ATTRIBUTE = "mcp.open-world";

  private McpRuleIds() {}
}
