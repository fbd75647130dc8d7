package dev.agentguard.core.exec;

import java.util.Arrays;
import java.util.List;

/**
 * The word the shell parser is building: its characters, which of them were quoted, and where its first empty
 * pair of quotes stood. Ending it checks for brace groups and brace expansion and adds the {@link ShellWord} to
 * the token list. One buffer per parse; not thread-safe.
 */
final class ShellWordBuffer {

  private final StringBuilder text = new StringBuilder();
  private boolean[] quoted = new boolean[16];
  private boolean inWord;
  private int emptyQuote = -1;

  /** Whether a word has started (a quote, even an empty one, starts a word). */
  boolean inWord() {
    return inWord;
  }

  /** Marks a word as started without adding a character (an opening quote). */
  void start() {
    inWord = true;
  }

  /** The number of characters in the word so far. */
  int length() {
    return text.length();
  }

  void append(char c, boolean isQuoted) {
    inWord = true;
    int i = text.length();
    if (i == quoted.length) {
      quoted = Arrays.copyOf(quoted, i * 2);
    }
    quoted[i] = isQuoted;
    text.append(c);
  }

  /** Records an empty pair of quotes at the current position if it is the word's first. */
  void noteEmptyQuote(boolean empty) {
    if (empty && emptyQuote < 0) {
      emptyQuote = text.length();
    }
  }

  /** The word built so far. */
  ShellWord current() {
    return ShellWord.owning(text.toString(), Arrays.copyOf(quoted, text.length()), emptyQuote);
  }

  /** Forgets the word without emitting it. */
  void clear() {
    text.setLength(0);
    inWord = false;
    emptyQuote = -1;
  }

  /**
   * Ends the current word, if any, and adds it to {@code tokens}; a word that is an unquoted opening or closing
   * brace (a brace group) and brace expansion are refused.
   */
  void end(List<Object> tokens) {
    if (!inWord) {
      return;
    }
    ShellWord w = current();
    clear();
    if (w.isUnquoted("{") || w.isUnquoted("}")) {
      throw new ShellRejection(ShellParser.SUBSHELL, "a brace group '" + w.text() + "' is not analysed");
    }
    if (w.hasBraceExpansion()) {
      throw new ShellRejection(ShellParser.EXPANSION, "brace expansion in '" + w.text() + "' is not analysed");
    }
    tokens.add(w);
  }
}
