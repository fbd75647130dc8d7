package dev.agentguard.core.internal;

import java.util.Locale;

/** Puts untrusted text (paths, URLs, commands from a model) into a reason without letting it forge lines. */
public final class UntrustedText {

  private UntrustedText() {}

  /**
   * Escapes control, format and surrogate characters and line separators as {@code \\uXXXX}, cut after 512
   * characters.
   */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 512) + 16);
    for (int i = 0; i < s.length(); i++) {
      if (b.length() >= 512) {
        b.append("...");
        break;
      }
      char c = s.charAt(i);
      if (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
          || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
        b.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Quotes {@code s} in single quotes, cut after 200 characters, with C0 controls and DEL escaped. */
  public static String quote(String s) {
    String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }
}
