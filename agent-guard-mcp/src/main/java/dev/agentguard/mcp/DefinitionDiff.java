package dev.agentguard.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The human-readable difference between a pinned tool definition and the one a server shows now. */
final class DefinitionDiff {

  private static final int MAX_VALUE_CHARS = 300;
  private static final int MAX_CHANGES = 20;

  private DefinitionDiff() {}

  /** Lists what changed from {@code pinned} to {@code now}, one change per entry, in a stable order. */
  static List<String> between(McpToolDefinition pinned, McpToolDefinition now) {
    List<String> changes = new ArrayList<>();
    if (!pinned.name().equals(now.name())) {
      changes.add("name: " + quote(pinned.name()) + " -> " + quote(now.name()));
    }
    if (!pinned.description().equals(now.description())) {
      changes.add("description: " + quote(pinned.description()) + " -> " + quote(now.description()));
    }
    walk("inputSchema", pinned.inputSchema(), now.inputSchema(), changes);
    walk("annotations", pinned.annotations(), now.annotations(), changes);
    if (changes.size() > MAX_CHANGES) {
      int more = changes.size() - MAX_CHANGES;
      changes = new ArrayList<>(changes.subList(0, MAX_CHANGES));
      changes.add("... and " + more + " more changes");
    }
    return List.copyOf(changes);
  }

  /** The changes joined into one line. */
  static String text(List<String> changes) {
    return changes.isEmpty() ? "no visible change" : String.join("; ", changes);
  }

  private static void walk(String path, JsonNode before, JsonNode after, List<String> out) {
    if (out.size() > MAX_CHANGES) {
      return;
    }
    if (before.equals(after)) {
      return;
    }
    if (before.isObject() && after.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = path + "/" + name.replace("~", "~0").replace("/", "~1");
        JsonNode b = before.get(name);
        JsonNode a = after.get(name);
        if (b == null) {
          out.add(child + " added: " + value(a));
        } else if (a == null) {
          out.add(child + " removed (was " + value(b) + ")");
        } else {
          walk(child, b, a, out);
        }
      }
      return;
    }
    if (before.isArray() && after.isArray() && before.size() == after.size()) {
      Iterator<JsonNode> b = before.elements();
      Iterator<JsonNode> a = after.elements();
      for (int i = 0; b.hasNext(); i++) {
        walk(path + "/" + i, b.next(), a.next(), out);
      }
      return;
    }
    out.add(path + ": " + value(before) + " -> " + value(after));
  }

  private static String value(JsonNode node) {
    return node.isTextual() ? quote(node.textValue()) : bounded(node.toString());
  }

  private static String quote(String s) {
    return "\"" + bounded(s) + "\"";
  }

  private static String bounded(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < MAX_VALUE_CHARS; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return s.length() > MAX_VALUE_CHARS ? sb + "...[" + (s.length() - MAX_VALUE_CHARS) + " more chars]" : sb.toString();
  }
}
