package dev.agentguard.mcp;

import java.util.List;
import java.util.Objects;

/**
 * What the pin file says about a tool definition a server shows.
 *
 * @param kind first sight (now pinned), unchanged, changed, or not pinnable (the pin file could not be written)
 * @param changes for a changed definition, what changed (empty otherwise)
 * @param detail a sentence for people: the changes, or why the pin could not be written
 */
public record PinStatus(Kind kind, List<String> changes, String detail) {

  /** The kinds of status. */
  public enum Kind {
    /** First sight: the definition was pinned just now. */
    PINNED,
    /** Same digest as the pin. */
    UNCHANGED,
    /** The definition differs from the pin: refused until a human approves it. */
    CHANGED,
    /** The pin could not be recorded: refused, since a later change could not be noticed. */
    UNPINNABLE
  }

  /**
   * Validates the components.
   *
   * @param kind the status; not {@code null}
   * @param changes what changed, copied; not {@code null}
   * @param detail a sentence for people; not {@code null}
   */
  public PinStatus {
    Objects.requireNonNull(kind, "kind must not be null");
    changes = List.copyOf(Objects.requireNonNull(changes, "changes must not be null"));
    Objects.requireNonNull(detail, "detail must not be null");
  }

  /**
   * Whether calls to the tool may go on to the policy (pinned now or unchanged).
   *
   * @return whether the kind is {@link Kind#PINNED} or {@link Kind#UNCHANGED}
   */
  public boolean trusted() {
    return kind == Kind.PINNED || kind == Kind.UNCHANGED;
  }
}
