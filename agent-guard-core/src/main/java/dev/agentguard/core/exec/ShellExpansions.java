package dev.agentguard.core.exec;

/**
 * Recognises where a {@code $} starts something the shell expands: command substitution, arithmetic expansion,
 * parameter expansion (names, positional and special parameters, braces) and the {@code $'...'} and
 * {@code $"..."} quotings. None of them is analysed, so each is refused. Stateless.
 */
final class ShellExpansions {

  private ShellExpansions() {}

  /**
   * Refuses the {@code $} at {@code pos} if it starts a substitution or an expansion; a lone {@code $} is
   * literal and passes.
   */
  static void checkDollar(String line, int pos, boolean inDoubleQuotes) {
    char next = charAt(line, pos + 1);
    if (next == '(') {
      if (charAt(line, pos + 2) == '(') {
        throw new ShellRejection(ShellParser.EXPANSION, "arithmetic expansion $((...)) at offset " + pos
            + " is not analysed");
      }
      throw new ShellRejection(ShellParser.SUBSTITUTION, "command substitution $(...) at offset " + pos);
    }
    boolean expands = ShellWord.isNameStart(next) || (next >= '0' && next <= '9') || next == '{' || next == '['
        || "@*#?$!-".indexOf(next) >= 0 && next != '\0'
        || (!inDoubleQuotes && (next == '\'' || next == '"'));
    if (expands) {
      throw new ShellRejection(ShellParser.EXPANSION, "parameter expansion '$" + next + "' at offset " + pos
          + " is not analysed");
    }
  }

  private static char charAt(String line, int i) {
    return i < line.length() ? line.charAt(i) : '\0';
  }
}
