package dev.agentguard.core.text;

import java.util.Objects;

/**
 * The one way untrusted text (a path, URL, command or tool name chosen by a model) goes into a
 * {@link dev.agentguard.api.Decision#reason() reason} or onto a console: control characters, format characters
 * (such as the right-to-left override), line and paragraph separators and unpaired surrogates become
 * {@code \\uXXXX}, so the text can neither forge a line nor hide what it says; and it is cut to a readable
 * length, marked with {@code ...}. Exported only to the sibling modules that quote such text (guarded I/O and
 * operations). Stateless.
 */
public final class UntrustedText {

  /** The length {@link #printable(String)} and {@link #quote(String)} cut at. */
  public static final int DEFAULT_MAX_LENGTH = 200;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private UntrustedText() {}

  /**
   * {@code s} made printable and cut after {@link #DEFAULT_MAX_LENGTH} characters.
   *
   * @param s the untrusted text; not {@code null}
   * @return the printable text
   */
  public static String printable(String s) {
    return printable(s, DEFAULT_MAX_LENGTH);
  }

  /**
   * {@code s} made printable and cut after {@code maxLength} characters of input ({@code ...} marks the cut).
   *
   * @param s the untrusted text; not {@code null}
   * @param maxLength how many characters of input to keep; not negative
   * @return the printable text
   * @throws IllegalArgumentException if {@code maxLength} is negative
   */
  public static String printable(String s, int maxLength) {
    Objects.requireNonNull(s, "s must not be null");
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must not be negative");
    }
    int end = Math.min(s.length(), maxLength);
    int i = 0;
    while (i < end && !needsEscape(s, i)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(end + 16).append(s, 0, i);
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (needsEscape(s, i)) {
        b.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
      } else {
        b.append(c);
      }
    }
    return end < s.length() ? b.append("...").toString() : b.toString();
  }

  /**
   * {@link #printable(String)} in single quotes.
   *
   * @param s the untrusted text; not {@code null}
   * @return the printable text in single quotes
   */
  public static String quote(String s) {
    return "'" + printable(s) + "'";
  }

  private static boolean needsEscape(String s, int i) {
    char c = s.charAt(i);
    if (c >= 0x20 && c < 0x7f) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
