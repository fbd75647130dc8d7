package dev.agentguard.api;

import java.util.List;

/**
 * Where a tool's resources sit in its JSON arguments, so the guard can judge a call to it.
 *
 * @param toolName the tool's name, exactly as the model calls it
 * @param resources where each resource sits; may be empty for a tool that touches nothing
 */
public record ToolDescriptor(String toolName, List<ResourceSpec> resources) {

  /**
   * Validates the components.
   *
   * @param toolName the tool's name, exactly as the model calls it
   * @param resources where each resource sits; may be empty for a tool that touches nothing
   */
  public ToolDescriptor {
    Checks.notBlank(toolName, "toolName");
    resources = Checks.copyOf(resources, "resources");
  }

  /**
   * Returns a descriptor for {@code toolName} with the given resource specs.
   *
   * @param toolName the tool's name, exactly as the model calls it
   * @param resources where each resource sits, in order
   * @return a descriptor for {@code toolName} with the given resource specs
   */
  public static ToolDescriptor of(String toolName, ResourceSpec... resources) {
    Checks.notNull(resources, "resources");
    return new ToolDescriptor(toolName, List.of(resources));
  }

  /**
   * One resource of a tool: its kind, the JSON Pointer (RFC 6901) to the argument that holds it, and for files
   * the access. A pointer segment {@code *} stands for every element of an array.
   *
   * @param kind file, url or command
   * @param pointer a JSON Pointer such as {@code /path} or {@code /files/*}
   * @param access for files, read or write; {@code null} for other kinds
   */
  public record ResourceSpec(ResourceKind kind, String pointer, Access access) {

    /**
     * Validates the components.
     *
     * @param kind file, url or command
     * @param pointer a JSON Pointer: empty (the whole arguments) or starting with {@code /}
     * @param access for files, read or write; {@code null} for other kinds
     * @throws IllegalArgumentException if the pointer is not a JSON Pointer, or the access does not fit the kind
     */
    public ResourceSpec {
      Checks.notNull(kind, "kind");
      Checks.notNull(pointer, "pointer");
      if (!pointer.isEmpty() && pointer.charAt(0) != '/') {
        throw new IllegalArgumentException(
            "pointer '" + pointer + "' is not a JSON Pointer: it must be empty or start with '/'");
      }
      if (kind == ResourceKind.FILE && access == null) {
        throw new IllegalArgumentException("a file resource needs an access (read or write)");
      }
      if (kind != ResourceKind.FILE && access != null) {
        throw new IllegalArgumentException("only file resources have an access");
      }
    }

    /**
     * A file read at {@code pointer}.
     *
     * @param pointer JSON Pointer to the argument holding the path
     * @return a file read at {@code pointer}
     */
    public static ResourceSpec fileRead(String pointer) {
      return new ResourceSpec(ResourceKind.FILE, pointer, Access.READ);
    }

    /**
     * A file written at {@code pointer}.
     *
     * @param pointer JSON Pointer to the argument holding the path
     * @return a file written at {@code pointer}
     */
    public static ResourceSpec fileWrite(String pointer) {
      return new ResourceSpec(ResourceKind.FILE, pointer, Access.WRITE);
    }

    /**
     * A URL fetched at {@code pointer}.
     *
     * @param pointer JSON Pointer to the argument holding the URL
     * @return a URL fetched at {@code pointer}
     */
    public static ResourceSpec url(String pointer) {
      return new ResourceSpec(ResourceKind.URL, pointer, null);
    }

    /**
     * A command (string: shell command line; array of strings: argv) at {@code pointer}.
     *
     * @param pointer JSON Pointer to the argument holding the command
     * @return a command (string: shell command line; array of strings: argv) at {@code pointer}
     */
    public static ResourceSpec command(String pointer) {
      return new ResourceSpec(ResourceKind.COMMAND, pointer, null);
    }
  }
}
