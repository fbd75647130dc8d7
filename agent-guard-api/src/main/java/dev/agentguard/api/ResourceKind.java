package dev.agentguard.api;

import java.util.Locale;

/** The kinds of {@link Resource}, named as in the policy file's tool descriptors. */
public enum ResourceKind {
  /** A file path ({@code kind: file}). */
  FILE,
  /** A URL ({@code kind: url}). */
  URL,
  /** A command line or argv ({@code kind: command}). */
  COMMAND;

  /**
   * Returns the lower-case name used in policy files.
   *
   * @return the lower-case name used in policy files
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a policy-file label ({@code file}, {@code url}, {@code command}).
   *
   * @param label the label as written in a policy file; case-sensitive
   * @return the matching kind
   * @throws IllegalArgumentException if {@code label} is none of them
   */
  public static ResourceKind fromLabel(String label) {
    Checks.notNull(label, "label");
    for (ResourceKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown resource kind '" + label + "': expected file, url or command");
  }
}
