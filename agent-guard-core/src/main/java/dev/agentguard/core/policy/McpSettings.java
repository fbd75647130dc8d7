package dev.agentguard.core.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The policy's {@code mcp} section: which MCP servers' tool annotations are trusted.
 *
 * <pre>{@code
 * mcp:
 *   trustAnnotations: false       # every server guarded under this policy (mcp-proxy's one server)
 *   servers:
 *     github: { trusted: true }   # the name the integrator gives the server (never what it says of itself)
 * }</pre>
 *
 * <p>A server's entry in {@code servers} decides for that server; a server without one is trusted when
 * {@code trustAnnotations} is true. A name is what the code (or {@code mcp-proxy --server-name}) calls the server,
 * never the name the server reports in {@code initialize}, since a server can say anything of itself.
 *
 * @param trustAnnotations whether servers without an entry in {@code servers} are trusted (default false)
 * @param servers explicit trust by server name
 */
public record McpSettings(boolean trustAnnotations, Map<String, Boolean> servers) {

  /** No server is trusted: the section left out. */
  public static final McpSettings DEFAULTS = new McpSettings(false, Map.of());

  /**
   * Validates the names and copies the map (sorted by name).
   *
   * @param trustAnnotations whether servers without an entry in {@code servers} are trusted
   * @param servers explicit trust by the name the integrator gives the server; copied
   * @throws NullPointerException if {@code servers}, a name or a value is null
   * @throws IllegalArgumentException if a name is blank, too long or holds control or format characters
   */
  public McpSettings {
    Objects.requireNonNull(servers, "servers must not be null");
    TreeMap<String, Boolean> copy = new TreeMap<>();
    for (Map.Entry<String, Boolean> e : servers.entrySet()) {
      copy.put(checkName(e.getKey()), Objects.requireNonNull(e.getValue(), "trust of '" + e.getKey() + "'"));
    }
    servers = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Whether the tool annotations of the server named {@code server} are trusted: its entry in {@code servers}
   * if it has one, otherwise {@code trustAnnotations}.
   *
   * @param server the name the integrator gave the server (never the name it reports of itself)
   * @return true if the server's tool annotations are to be honoured
   */
  public boolean trusts(String server) {
    return entry(server).orElse(trustAnnotations);
  }

  /**
   * The explicit entry for {@code server} in {@code servers}, if there is one.
   *
   * @param server the name the integrator gives the server
   * @return its entry, or empty
   */
  public Optional<Boolean> entry(String server) {
    return Optional.ofNullable(servers.get(server));
  }

  /**
   * Checks a server name: not blank, at most 200 characters, no control, format or unassigned characters.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException when the name is not acceptable
   */
  static String checkName(String name) {
    Objects.requireNonNull(name, "server name must not be null");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("an MCP server name must be 1 to 200 characters and not blank");
    }
    for (int i = 0; i < name.length(); i++) {
      int type = Character.getType(name.charAt(i));
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED) {
        throw new IllegalArgumentException("an MCP server name must not hold control or format characters");
      }
    }
    return name;
  }
}
