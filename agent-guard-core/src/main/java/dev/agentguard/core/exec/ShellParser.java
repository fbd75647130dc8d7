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

  private final String line;
  private final int n;
  private int pos;
  private final List<Object> tokens = new ArrayList<>();
  private final StringBuilder word = new StringBuilder();
  private final List<Boolean> quoted = new ArrayList<>();
  private boolean inWord;
  private int emptyQuote = -1;

  private ShellParser(String line) {
    this.line = line;
    this.n = line.length();
  }

  /**
   * Splits {@code line} into its simple commands, or throws {@link ShellRejection}. Line continuations are
   * removed first, as the shell does ({@link ShellText#joinContinuations}).
   */
  static List<SimpleCommand> parse(String line) {
    ShellText.checkCharacters(line);
    ShellParser p = new ShellParser(ShellText.joinContinuations(line));
    p.tokenize();
    return p.split();
  }

  // ---------------------------------------------------------------------------------------------- tokens


  private void tokenize() {
    while (pos < n) {
      char c = line.charAt(pos);
      switch (c) {
        case '\\':
          backslash();
          break;
        case '\'':
          singleQuoted();
          break;
        case '"':
          doubleQuoted();
          break;
        case '$':
          dollar(false);
          append('$', false);
          pos++;
          break;
        case '`':
          throw new ShellRejection(SUBSTITUTION, "backtick command substitution at offset " + pos);
        case ' ':
        case '\t':
          endWord();
          pos++;
          break;
        case '\n':
          endWord();
          tokens.add(new ShellSplitter.Op("\n", false, ""));
          pos++;
          break;
        case '#':
          if (inWord) {
            append(c, false);
            pos++;
          } else {
            while (pos < n && line.charAt(pos) != '\n') {
              pos++;
            }
          }
          break;
        case ';':
          endWord();
          tokens.add(new ShellSplitter.Op(";", false, ""));
          pos++;
          break;
        case '&':
          endWord();
          if (peek(1) == '&') {
            tokens.add(new ShellSplitter.Op("&&", false, ""));
            pos += 2;
          } else if (peek(1) == '>') {
            pos += 2;
            String op = "&>";
            if (peek(0) == '>') {
              op = "&>>";
              pos++;
            }
            redirectTail(op, "");
          } else {
            tokens.add(new ShellSplitter.Op("&", false, ""));
            pos++;
          }
          break;
        case '|':
          endWord();
          if (peek(1) == '|') {
            tokens.add(new ShellSplitter.Op("||", false, ""));
            pos += 2;
          } else if (peek(1) == '&') {
            tokens.add(new ShellSplitter.Op("|&", false, ""));
            pos += 2;
          } else {
            tokens.add(new ShellSplitter.Op("|", false, ""));
            pos++;
          }
          break;
        case '(':
        case ')':
          throw new ShellRejection(SUBSHELL, "a subshell or grouping '" + c + "' at offset " + pos
              + " is not analysed");
        case '<':
        case '>':
          redirect(c);
          break;
        default:
          append(c, false);
          pos++;
          break;
      }
    }
    endWord();
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < n ? line.charAt(i) : '\0';
  }

  private void backslash() {
    if (pos + 1 >= n) {
      throw new ShellRejection(UNBALANCED, "the command ends with a dangling backslash");
    }
    char next = line.charAt(pos + 1);
    if (next != '\n') {
      append(next, true);
    }
    pos += 2;
  }

  private void singleQuoted() {
    int end = line.indexOf('\'', pos + 1);
    if (end < 0) {
      throw new ShellRejection(UNBALANCED, "unbalanced single quote at offset " + pos);
    }
    inWord = true;
    noteEmptyQuote(end == pos + 1);
    for (int i = pos + 1; i < end; i++) {
      append(line.charAt(i), true);
    }
    pos = end + 1;
  }

  private void doubleQuoted() {
    int start = pos;
    int lengthBefore = word.length();
    inWord = true;
    pos++;
    while (true) {
      if (pos >= n) {
        throw new ShellRejection(UNBALANCED, "unbalanced double quote at offset " + start);
      }
      char d = line.charAt(pos);
      if (d == '"') {
        noteEmptyQuote(word.length() == lengthBefore);
        pos++;
        return;
      }
      if (d == '\\' && pos + 1 < n) {
        char e = line.charAt(pos + 1);
        if (e == '$' || e == '`' || e == '"' || e == '\\') {
          append(e, true);
          pos += 2;
          continue;
        }
        if (e == '\n') {
          pos += 2;
          continue;
        }
        append('\\', true);
        pos++;
        continue;
      }
      if (d == '`') {
        throw new ShellRejection(SUBSTITUTION, "backtick command substitution at offset " + pos);
      }
      if (d == '$') {
        dollar(true);
      }
      append(d, true);
      pos++;
    }
  }

  /** Rejects a {@code $} that starts a substitution or expansion; a lone {@code $} is literal. */
  private void dollar(boolean inDoubleQuotes) {
    char next = peek(1);
    if (next == '(') {
      if (peek(2) == '(') {
        throw new ShellRejection(EXPANSION, "arithmetic expansion $((...)) at offset " + pos + " is not analysed");
      }
      throw new ShellRejection(SUBSTITUTION, "command substitution $(...) at offset " + pos);
    }
    boolean expands = ShellWord.isNameStart(next) || (next >= '0' && next <= '9') || next == '{' || next == '['
        || "@*#?$!-".indexOf(next) >= 0 && next != '\0'
        || (!inDoubleQuotes && (next == '\'' || next == '"'));
    if (expands) {
      throw new ShellRejection(EXPANSION, "parameter expansion '$" + next + "' at offset " + pos
          + " is not analysed");
    }
  }

  private void redirect(char c) {
    String fd = "";
    if (inWord) {
      ShellWord w = currentWord();
      if (w.isIoNumber()) {
        fd = w.text();
        clearWord();
      } else if (w.endsWithBrace()) {
        throw new ShellRejection(EXPANSION, "a named file descriptor '" + w.text() + c + "' at offset " + pos
            + " is not analysed");
      } else {
        endWord();
      }
    }
    char next = peek(1);
    String op;
    if (c == '<') {
      if (next == '<') {
        throw new ShellRejection(HEREDOC, "a heredoc or here-string at offset " + pos + " is not analysed");
      }
      if (next == '(') {
        throw new ShellRejection(SUBSTITUTION, "process substitution <(...) at offset " + pos);
      }
      op = next == '&' ? "<&" : next == '>' ? "<>" : "<";
    } else {
      if (next == '(') {
        throw new ShellRejection(SUBSTITUTION, "process substitution >(...) at offset " + pos);
      }
      op = next == '>' ? ">>" : next == '|' ? ">|" : next == '&' ? ">&" : ">";
    }
    pos += op.length();
    redirectTail(op, fd);
  }

  private void redirectTail(String op, String fd) {
    if (peek(0) == '(') {
      throw new ShellRejection(SUBSTITUTION, "process substitution after '" + op + "' at offset " + pos);
    }
    tokens.add(new ShellSplitter.Op(op, true, fd));
  }

  private void noteEmptyQuote(boolean empty) {
    if (empty && emptyQuote < 0) {
      emptyQuote = word.length();
    }
  }

  private void append(char c, boolean isQuoted) {
    inWord = true;
    word.append(c);
    quoted.add(isQuoted);
  }

  private ShellWord currentWord() {
    boolean[] q = new boolean[quoted.size()];
    for (int i = 0; i < q.length; i++) {
      q[i] = quoted.get(i);
    }
    return new ShellWord(word.toString(), q, emptyQuote);
  }

  private void clearWord() {
    word.setLength(0);
    quoted.clear();
    inWord = false;
    emptyQuote = -1;
  }

  private void endWord() {
    if (!inWord) {
      return;
    }
    ShellWord w = currentWord();
    clearWord();
    if (w.isUnquoted("{") || w.isUnquoted("}")) {
      throw new ShellRejection(SUBSHELL, "a brace group '" + w.text() + "' is not analysed");
    }
    if (w.hasBraceExpansion()) {
      throw new ShellRejection(EXPANSION, "brace expansion in '" + w.text() + "' is not analysed");
    }
    tokens.add(w);
  }

  private List<SimpleCommand> split() {
    return ShellSplitter.split(tokens);
  }
}
