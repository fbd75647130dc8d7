package dev.agentguard.core.exec;

import java.util.List;

/**
 * The shell parser's operators: the separators between simple commands ({@code ;} {@code &} {@code &&}
 * {@code ||} {@code |} {@code |&} newline) and the redirections ({@code < > >> >| <> <& >& &> &>>}, with an
 * io-number before them). Heredocs, here-strings, process substitution and named file descriptors are refused.
 * Each method reads the operator at {@code pos}, adds its token and returns the position after it. Stateless.
 */
final class ShellOperators {

  private ShellOperators() {}

  /** Whether {@code c} starts an operator this class reads. */
  static boolean startsOperator(char c) {
    return c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
  }

  /** Reads the operator at {@code pos}, ending the current word first (or taking it as an io-number). */
  static int read(String line, int pos, ShellWordBuffer word, List<Object> tokens) {
    char c = line.charAt(pos);
    if (c == '<' || c == '>') {
      return redirect(line, pos, word, tokens);
    }
    word.end(tokens);
    String op = separatorAt(line, pos);
    int after = pos + op.length();
    if (op.startsWith("&>")) {
      redirectTail(line, after, op, "", tokens);
    } else {
      tokens.add(new ShellSplitter.Op(op, false, ""));
    }
    return after;
  }

  /** The separator (or {@code &>}, {@code &>>}) that starts at {@code pos}. */
  private static String separatorAt(String line, int pos) {
    char c = line.charAt(pos);
    char next = charAt(line, pos + 1);
    if (c == '&') {
      if (next == '>') {
        return charAt(line, pos + 2) == '>' ? "&>>" : "&>";
      }
      return next == '&' ? "&&" : "&";
    }
    if (c == '|') {
      return next == '|' ? "||" : next == '&' ? "|&" : "|";
    }
    return String.valueOf(c);
  }

  private static int redirect(String line, int pos, ShellWordBuffer word, List<Object> tokens) {
    char c = line.charAt(pos);
    String fd = ioNumber(c, pos, word, tokens);
    char next = charAt(line, pos + 1);
    String op;
    if (c == '<') {
      if (next == '<') {
        throw new ShellRejection(ShellParser.HEREDOC, "a heredoc or here-string at offset " + pos
            + " is not analysed");
      }
      if (next == '(') {
        throw new ShellRejection(ShellParser.SUBSTITUTION, "process substitution <(...) at offset " + pos);
      }
      op = next == '&' ? "<&" : next == '>' ? "<>" : "<";
    } else {
      if (next == '(') {
        throw new ShellRejection(ShellParser.SUBSTITUTION, "process substitution >(...) at offset " + pos);
      }
      op = next == '>' ? ">>" : next == '|' ? ">|" : next == '&' ? ">&" : ">";
    }
    int after = pos + op.length();
    redirectTail(line, after, op, fd, tokens);
    return after;
  }

  /**
   * The io-number the word just before a redirection operator stands for ({@code 2>}), taken out of the word;
   * otherwise the word ends and the redirection has no io-number. A named descriptor ({@code {fd}>}) is refused.
   */
  private static String ioNumber(char c, int pos, ShellWordBuffer word, List<Object> tokens) {
    if (!word.inWord()) {
      return "";
    }
    ShellWord w = word.current();
    if (w.isIoNumber()) {
      word.clear();
      return w.text();
    }
    if (w.endsWithBrace()) {
      throw new ShellRejection(ShellParser.EXPANSION, "a named file descriptor '" + w.text() + c + "' at offset "
          + pos + " is not analysed");
    }
    word.end(tokens);
    return "";
  }

  private static void redirectTail(String line, int pos, String op, String fd, List<Object> tokens) {
    if (charAt(line, pos) == '(') {
      throw new ShellRejection(ShellParser.SUBSTITUTION, "process substitution after '" + op + "' at offset "
          + pos);
    }
    tokens.add(new ShellSplitter.Op(op, true, fd));
  }

  private static char charAt(String line, int i) {
    return i < line.length() ? line.charAt(i) : '\0';
  }
}
