package dev.agentguard.core.session;

import java.util.Locale;

/**
 * A label a call or result attaches to its conversation. Once set, a label stays for the life of the session.
 */
public enum SessionLabel {
  /** The conversation has read private data: a file matching {@code session.private}, or a secret in a result. */
  PRIVATE,
  /** The conversation has taken in content from outside: a host not in {@code session.trusted}, an untrusted tool. */
  UNTRUSTED,
  /** The conversation has made a call that can send data out. */
  EGRESS;

  /**
   * The label as written in a policy file: {@code private}, {@code untrusted} or {@code egress}.
   *
   * @return the label's policy-file spelling
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the label written as {@code text}, or {@code null} when it names no label.
   *
   * @param text the label as written
   * @return the label, or {@code null}
   */
  public static SessionLabel fromLabel(String text) {
    for (SessionLabel l : values()) {
      if (l.label().equals(text)) {
        return l;
      }
    }
    return null;
  }
}
