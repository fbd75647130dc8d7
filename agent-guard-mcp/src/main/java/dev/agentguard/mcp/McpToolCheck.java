package dev.agentguard.mcp;

import dev.agentguard.api.Decision;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import java.util.List;
import java.util.function.Supplier;

/**
 * The MCP part of the judgement: a tool must have been listed and its definition must match its pin; for a
 * server whose annotations are trusted and a tool the policy does not describe, {@code readOnlyHint} allows and
 * {@code destructiveHint} (true, or left out as the specification's default) asks.
 */
final class McpToolCheck implements GuardCheck {

  private final Supplier<McpToolCatalog> catalog;
  private final boolean trustAnnotations;
  private final java.util.Set<String> policyDescribed;

  McpToolCheck(Supplier<McpToolCatalog> catalog, boolean trustAnnotations, java.util.Set<String> policyDescribed) {
    this.catalog = catalog;
    this.trustAnnotations = trustAnnotations;
    this.policyDescribed = java.util.Set.copyOf(policyDescribed);
  }

  @Override
  public String name() {
    return McpRuleIds.CHECK;
  }

  @Override
  public List<Decision> evaluate(CheckRequest request) {
    String tool = request.call().toolName();
    McpToolCatalog current = catalog.get();
    McpToolDefinition definition = current.tools().get(tool);
    if (definition == null) {
      return List.of(Decision.deny(McpRuleIds.CHECK, McpRuleIds.TOOL_UNLISTED,
          "the server " + current.server() + " did not list a tool named '" + tool
              + "', so its definition was never seen nor pinned"));
    }
    PinStatus pin = current.pins().get(tool);
    if (pin == null || pin.kind() == PinStatus.Kind.UNPINNABLE) {
      return List.of(Decision.deny(McpRuleIds.CHECK, McpRuleIds.TOOL_UNPINNED,
          "the definition of tool '" + tool + "' could not be pinned: "
              + (pin == null ? "no pin" : pin.detail())));
    }
    if (pin.kind() == PinStatus.Kind.CHANGED) {
      return List.of(Decision.deny(McpRuleIds.CHECK, McpRuleIds.TOOL_CHANGED,
          "the definition of tool '" + tool + "' of server " + current.server()
              + " changed since it was pinned: " + pin.detail()
              + ". A person must approve the new definition before it is used"
              + current.pinFile().map(f -> " (agent-guard mcp-pins approve --pins " + f + " --server '"
                  + current.server() + "' " + tool + ")").orElse("")));
    }
    if (!trustAnnotations || policyDescribed.contains(tool) || !definition.hasAnnotations()) {
      return List.of();
    }
    if (Boolean.TRUE.equals(definition.hint("readOnlyHint"))) {
      return List.of(Decision.allow(McpRuleIds.CHECK, McpRuleIds.READ_ONLY_HINT,
          "the trusted server " + current.server() + " marks '" + tool + "' as read-only"));
    }
    if (!Boolean.FALSE.equals(definition.hint("destructiveHint"))) {
      return List.of(Decision.ask(McpRuleIds.CHECK, McpRuleIds.DESTRUCTIVE_HINT,
          "the server " + current.server() + " marks '" + tool + "' as destructive"));
    }
    return List.of();
  }
}
