package dev.agentguard.core.exec;

/**
 * The steps a POSIX shell applies to a command line's characters before it splits it into tokens: line
 * continuations (a backslash-newline outside single quotes, inside double quotes too) are removed, and control
 * or invisible characters are refused. Stateless.
 */
final class ShellText {

  private ShellText() {}

  /**
   * Removes every backslash-newline the shell would remove before tokenising: outside single quotes, and inside
   * double quotes; a comment ends at its newline whatever precedes it. The result is what the shell runs, so
   * every later step (and every reason) works on it.
   */
  static String joinContinuations(String line) {
    if (line.indexOf('\n') < 0 || line.indexOf('\\') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    char quote = 0;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        out.append(c);
        if (c == '\'') {
          quote = 0;
        }
      } else if (c == '\\' && i + 1 < n) {
        if (line.charAt(i + 1) != '\n') {
          out.append(c).append(line.charAt(i + 1));
        }
        i++;
      } else if (quote == '"') {
        out.append(c);
        if (c == '"') {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        out.append(c);
      } else if (c == '#' && startsWord(out)) {
        int end = line.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(line, i, end);
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean startsWord(CharSequence before) {
    if (before.length() == 0) {
      return true;
    }
    char p = before.charAt(before.length() - 1);
    return p == ' ' || p == '\t' || p == '\n' || ";&|()<>".indexOf(p) >= 0;
  }

  /** Rejects control characters other than tab and newline, format characters and lone surrogates. */
  static void checkCharacters(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp != '\t' && cp != '\n' && isForbidden(cp)) {
        throw new ShellRejection(ShellParser.CONTROL, String.format(
            "the command contains the control or invisible character U+%04X at offset %d", cp, i));
      }
      i += Character.charCount(cp);
    }
  }

  private static boolean isForbidden(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return true;
      default:
        return false;
    }
  }
}
