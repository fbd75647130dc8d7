package dev.agentguard.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A POSIX-sh tokenizer and splitter for the command policy. It performs quote removal (single quotes, double
 * quotes, backslash escapes, line continuations), splits words only on unquoted space, tab and newline, splits
 * the line into simple commands at {@code ;} {@code &} {@code &&} {@code ||} {@code |} {@code |&} and newline,
 * and collects redirections. Everything whose effect cannot be known without running a shell is rejected with
 * a {@link ShellRejection}: substitutions, expansions, subshells, brace groups, heredocs, unbalanced quotes,
 * empty commands and control characters. Stateless and thread-safe.
 *
 * <p>The steps live in their own classes: {@link ShellText} (characters and line continuations),
 * {@link ShellQuoting} (quote removal), {@link ShellExpansions} (what a {@code $} starts), {@link ShellOperators}
 * (separators and redirections), {@link ShellWordBuffer} (the word being built) and {@link ShellSplitter}
 * (tokens into simple commands).
 */
final class ShellParser {

  static final String SUBSTITUTION = "command.substitution";
  static final String EXPANSION = "command.expansion";
  static final String SUBSHELL = "command.subshell";
  static final String HEREDOC = "command.heredoc";
  static final String UNBALANCED = "command.unbalanced-quote";
  static final String EMPTY = "command.empty";
  static final String CONTROL = "command.control-character";
  static final String REDIRECT = "command.redirect";

  private ShellParser() {}

  /**
   * Splits {@code line} into its simple commands, or throws {@link ShellRejection}. Line continuations are
   * removed first, as the shell does ({@link ShellText#joinContinuations}).
   */
  static List<SimpleCommand> parse(String line) {
    ShellText.checkCharacters(line);
    return ShellSplitter.split(tokenize(ShellText.joinContinuations(line)));
  }

  /** The words ({@link ShellWord}) and operators ({@link ShellSplitter.Op}) of a line already joined. */
  private static List<Object> tokenize(String line) {
    List<Object> tokens = new ArrayList<>();
    ShellWordBuffer word = new ShellWordBuffer();
    int pos = 0;
    while (pos < line.length()) {
      pos = step(line, pos, word, tokens);
    }
    word.end(tokens);
    return tokens;
  }

  /** Reads what starts at {@code pos} and returns the position after it. */
  private static int step(String line, int pos, ShellWordBuffer word, List<Object> tokens) {
    char c = line.charAt(pos);
    switch (c) {
      case '\\':
        return ShellQuoting.backslash(line, pos, word);
      case '\'':
        return ShellQuoting.singleQuoted(line, pos, word);
      case '"':
        return ShellQuoting.doubleQuoted(line, pos, word);
      case '$':
        ShellExpansions.checkDollar(line, pos, false);
        word.append('$', false);
        return pos + 1;
      case '`':
        throw new ShellRejection(SUBSTITUTION, "backtick command substitution at offset " + pos);
      case '(':
      case ')':
        throw new ShellRejection(SUBSHELL, "a subshell or grouping '" + c + "' at offset " + pos
            + " is not analysed");
      case ' ':
      case '\t':
        word.end(tokens);
        return pos + 1;
      case '#':
        return word.inWord() ? literal(c, pos, word) : endOfComment(line, pos);
      default:
        return ShellOperators.startsOperator(c) ? ShellOperators.read(line, pos, word, tokens)
            : literal(c, pos, word);
    }
  }

  private static int literal(char c, int pos, ShellWordBuffer word) {
    word.append(c, false);
    return pos + 1;
  }

  /** A comment runs to the next newline, which still separates commands. */
  private static int endOfComment(String line, int pos) {
    int newline = line.indexOf('\n', pos);
    return newline < 0 ? line.length() : newline;
  }
}
