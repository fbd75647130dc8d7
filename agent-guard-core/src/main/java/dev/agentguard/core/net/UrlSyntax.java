package dev.agentguard.core.net;

/**
 * The character-level rules {@link StrictUrl} applies to a URL's text: known schemes, which characters may stand
 * where, percent escapes, digits, numeric-looking labels and DNS names. Each reads the text in place, without
 * substrings. Stateless.
 */
final class UrlSyntax {

  private UrlSyntax() {}

  /** The scheme when {@code url} starts with one this parser knows, written in lower case; else null. */
  static String knownScheme(String url, int colon) {
    for (String known : SCHEMES) {
      if (known.length() == colon && url.startsWith(known)) {
        return known;
      }
    }
    return null;
  }

  /** The known schemes, for {@link #knownScheme}. */
  static final String[] SCHEMES = {"https", "http", "wss", "ws", "ftp"};

  /**
   * What is wrong with the URL's characters, or null: the host may hold non-ASCII (IDN), nothing else may; no
   * backslash, whitespace or control character anywhere.
   */
  static String checkCharacters(String url, int authStart, int authEnd) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c > 0x20 && c < 0x7f && c != '\\') {
        continue; // printable ASCII other than backslash: always fine
      }
      if (c == '\\') {
        return "URL contains a backslash at index " + i + " (parsers disagree on it)";
      }
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
          || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.CONTROL) {
        return "URL contains whitespace or a control character at index " + i;
      }
      if (c > 0x7e && (i < authStart || i >= authEnd)) {
        return "URL contains a non-ASCII character outside the host at index " + i;
      }
    }
    return null;
  }

  /** Whether {@code s} from {@code from} on is ASCII decimal digits only. */
  static boolean digits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** WHATWG's "ends in a number": all decimal digits, or {@code 0x} followed by hex digits. */
  static boolean looksNumeric(String label) {
    return looksNumeric(label, 0);
  }

  /** {@link #looksNumeric(String)} of {@code s} from {@code from} on. */
  static boolean looksNumeric(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    if (digits(s, from)) {
      return true;
    }
    if (s.length() - from >= 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
      for (int i = from + 2; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch >= 0x80 || Character.digit(ch, 16) < 0) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** Returns what is wrong with an ASCII DNS name (letters, digits, hyphens; RFC 1123), or {@code null}. */
  static String checkDnsName(String name) {
    if (name.length() > 253) {
      return "is longer than 253 characters";
    }
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      if (i == name.length() || name.charAt(i) == '.') {
        int len = i - start;
        if (len == 0) {
          return "has an empty label";
        }
        if (len > 63) {
          return "has a label longer than 63 characters";
        }
        if (name.charAt(start) == '-' || name.charAt(i - 1) == '-') {
          return "has a label starting or ending with '-'";
        }
        start = i + 1;
      } else {
        char c = name.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return "contains '" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c))
              + "', which is not allowed in a host name";
        }
      }
    }
    return null;
  }

  static boolean validScheme(String s) {
    if (s.isEmpty() || s.length() > 32) {
      return false;
    }
    char first = s.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
          || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** What is wrong with the percent escapes of {@code s} from {@code from} on (indexes counted from there). */
  static String checkPercentEscapes(String s, int from) {
    for (int i = s.indexOf('%', from); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
          || Character.digit(s.charAt(i + 2), 16) < 0) {
        return "URL has a malformed percent escape at index " + (i - from);
      }
    }
    return null;
  }
}
