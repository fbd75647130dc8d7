package dev.agentguard.core.policy;

import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Obj;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code mcp} section: {@code { trustAnnotations: BOOL, servers: { NAME: { trusted: BOOL } } }}. */
final class McpSection {

  private final PolicyFields in;

  McpSection(PolicyFields in) {
    this.in = in;
  }

  McpSettings read(Field field) {
    Obj o = field == null ? null : in.object(field.value(), "mcp");
    if (o == null) {
      return McpSettings.DEFAULTS;
    }
    in.keys(o, "mcp", "trustAnnotations", "servers");
    boolean trustAnnotations = false;
    Field ta = o.fields().get("trustAnnotations");
    if (ta != null) {
      in.markPresent("mcp.trustAnnotations");
      trustAnnotations = Boolean.TRUE.equals(in.bool(ta.value(), "mcp.trustAnnotations"));
    }
    Map<String, Boolean> servers = new LinkedHashMap<>();
    Field sf = o.fields().get("servers");
    Obj so = sf == null ? null : in.object(sf.value(), "mcp.servers");
    if (so != null) {
      for (Field server : so.fields().values()) {
        Boolean trusted = trusted(server);
        if (trusted != null) {
          servers.put(server.key(), trusted);
        }
      }
    }
    return new McpSettings(trustAnnotations, servers);
  }

  /** Whether one named server is trusted; {@code null} after reporting why the entry is invalid. */
  private Boolean trusted(Field server) {
    String where = "mcp.servers." + server.key();
    try {
      McpSettings.checkName(server.key());
    } catch (IllegalArgumentException e) {
      in.error(server, "mcp.servers: " + e.getMessage());
      return null;
    }
    Obj entry = in.object(server.value(), where);
    if (entry == null) {
      return null;
    }
    in.keys(entry, where, "trusted");
    Field trusted = entry.fields().get("trusted");
    if (trusted == null) {
      in.error(entry, "missing key 'trusted' in " + where + " (expected trusted: true or false)");
      return null;
    }
    return in.bool(trusted.value(), where + ".trusted");
  }
}
