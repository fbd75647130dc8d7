package dev.agentguard.core.exec;

import java.util.List;

/**
 * One simple command of a command line: its words (after quote removal), its redirections and the separator
 * that ends it.
 *
 * @param words the words, assignments first
 * @param redirects the redirections, in order
 * @param separator the operator after it ({@code ;}, newline, {@code &}, {@code &&}, {@code ||}, {@code |},
 *     {@code |&}), or empty for the last
 */
record SimpleCommand(List<ShellWord> words, List<Redirect> redirects, String separator) {

  SimpleCommand {
    words = List.copyOf(words);
    redirects = List.copyOf(redirects);
    java.util.Objects.requireNonNull(separator, "separator");
  }

  SimpleCommand(List<ShellWord> words, List<Redirect> redirects) {
    this(words, redirects, "");
  }

  /** The words' texts. */
  List<String> texts() {
    List<String> out = new java.util.ArrayList<>(words.size());
    for (ShellWord w : words) {
      out.add(w.text());
    }
    return out;
  }

  /**
   * One redirection.
   *
   * @param operator {@code <}, {@code >}, {@code >>}, {@code >|}, {@code <>}, {@code &>}, {@code &>>},
   *     {@code >&} or {@code <&}
   * @param fd the io-number before the operator, or empty
   * @param target the word after the operator
   */
  record Redirect(String operator, String fd, ShellWord target) {}
}
