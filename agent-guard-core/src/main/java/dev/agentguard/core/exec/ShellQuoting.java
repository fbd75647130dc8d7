package dev.agentguard.core.exec;

/**
 * Quote removal for the shell parser: a backslash escape, a single-quoted string and a double-quoted string
 * (with its own escapes and the substitutions that still happen inside it). Each method reads from {@code pos},
 * appends the characters the word gets to the buffer, and returns the position after what it read. Stateless.
 */
final class ShellQuoting {

  private ShellQuoting() {}

  /** A backslash outside quotes: the next character is taken literally; a backslash-newline disappears. */
  static int backslash(String line, int pos, ShellWordBuffer word) {
    if (pos + 1 >= line.length()) {
      throw new ShellRejection(ShellParser.UNBALANCED, "the command ends with a dangling backslash");
    }
    char next = line.charAt(pos + 1);
    if (next != '\n') {
      word.append(next, true);
    }
    return pos + 2;
  }

  /** A single-quoted string: every character up to the closing quote is literal. */
  static int singleQuoted(String line, int pos, ShellWordBuffer word) {
    int end = line.indexOf('\'', pos + 1);
    if (end < 0) {
      throw new ShellRejection(ShellParser.UNBALANCED, "unbalanced single quote at offset " + pos);
    }
    word.start();
    word.noteEmptyQuote(end == pos + 1);
    for (int i = pos + 1; i < end; i++) {
      word.append(line.charAt(i), true);
    }
    return end + 1;
  }

  /**
   * A double-quoted string: a backslash escapes only {@code $ ` " \} and newline; {@code $} and backtick still
   * substitute, which is refused.
   */
  static int doubleQuoted(String line, int pos, ShellWordBuffer word) {
    int start = pos;
    int n = line.length();
    int lengthBefore = word.length();
    word.start();
    pos++;
    while (true) {
      if (pos >= n) {
        throw new ShellRejection(ShellParser.UNBALANCED, "unbalanced double quote at offset " + start);
      }
      char d = line.charAt(pos);
      if (d == '"') {
        word.noteEmptyQuote(word.length() == lengthBefore);
        return pos + 1;
      }
      if (d == '\\' && pos + 1 < n) {
        pos = escapeInDoubleQuotes(line, pos, word);
        continue;
      }
      if (d == '`') {
        throw new ShellRejection(ShellParser.SUBSTITUTION, "backtick command substitution at offset " + pos);
      }
      if (d == '$') {
        ShellExpansions.checkDollar(line, pos, true);
      }
      word.append(d, true);
      pos++;
    }
  }

  private static int escapeInDoubleQuotes(String line, int pos, ShellWordBuffer word) {
    char e = line.charAt(pos + 1);
    if (e == '$' || e == '`' || e == '"' || e == '\\') {
      word.append(e, true);
      return pos + 2;
    }
    if (e == '\n') {
      return pos + 2;
    }
    word.append('\\', true);
    return pos + 1;
  }
}
