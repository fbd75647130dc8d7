package dev.agentguard.core.policy;

import dev.agentguard.api.Access;
import dev.agentguard.api.ResourceKind;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.core.policy.LocatedTree.Field;
import dev.agentguard.core.policy.LocatedTree.Node;
import dev.agentguard.core.policy.LocatedTree.Obj;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code tools} section: each tool's resources (kind, access, JSON Pointer). */
final class ToolSection {

  private final PolicyFields in;

  ToolSection(PolicyFields in) {
    this.in = in;
  }

  Map<String, ToolDescriptor> read(Field field) {
    Map<String, ToolDescriptor> tools = new LinkedHashMap<>();
    Obj o = field == null ? null : in.object(field.value(), "tools");
    if (o == null) {
      return tools;
    }
    for (Field tool : o.fields().values()) {
      ToolDescriptor descriptor = tool(tool);
      if (descriptor != null) {
        tools.put(tool.key(), descriptor);
      }
    }
    return tools;
  }

  /** One tool; {@code null} after reporting why it (or one of its resources) is invalid. */
  private ToolDescriptor tool(Field tool) {
    String name = tool.key();
    if (name.isBlank()) {
      in.error(tool, "a tool name must not be blank");
      return null;
    }
    Obj t = in.object(tool.value(), "tool '" + name + "'");
    if (t == null) {
      return null;
    }
    in.keys(t, "tool '" + name + "'", "resources");
    List<ToolDescriptor.ResourceSpec> specs = new ArrayList<>();
    boolean ok = true;
    for (Node item : in.list(t.fields().get("resources"), "resources")) {
      ToolDescriptor.ResourceSpec spec = resource(item);
      if (spec == null) {
        ok = false;
      } else {
        specs.add(spec);
      }
    }
    return ok ? new ToolDescriptor(name, specs) : null;
  }

  /** One {@code {kind, access, pointer}} resource; {@code null} after reporting why it is invalid. */
  private ToolDescriptor.ResourceSpec resource(Node item) {
    Obj r = in.object(item, "a resource");
    if (r == null) {
      return null;
    }
    in.keys(r, "a resource", "kind", "access", "pointer");
    String kind = in.requiredString(r, "kind", "a resource");
    String pointer = in.requiredString(r, "pointer", "a resource");
    Field accessField = r.fields().get("access");
    String access = accessField == null ? null : in.string(accessField.value(), "access");
    if (kind == null || pointer == null || (accessField != null && access == null)) {
      return null;
    }
    ResourceKind k;
    try {
      k = ResourceKind.fromLabel(kind);
    } catch (IllegalArgumentException e) {
      in.error(r.fields().get("kind").value(), e.getMessage());
      return null;
    }
    Access a = null;
    if ("read".equals(access)) {
      a = Access.READ;
    } else if ("write".equals(access)) {
      a = Access.WRITE;
    } else if (access != null) {
      in.error(accessField.value(), "unknown access '" + access + "': expected read or write");
      return null;
    }
    if (k == ResourceKind.FILE && a == null) {
      in.error(r, "a file resource needs an 'access' (read or write)");
      return null;
    }
    try {
      PolicyFields.pointerOk(pointer);
      return new ToolDescriptor.ResourceSpec(k, pointer, a);
    } catch (IllegalArgumentException e) {
      in.error(k != ResourceKind.FILE && a != null ? accessField.value() : r.fields().get("pointer").value(),
          e.getMessage());
      return null;
    }
  }
}
