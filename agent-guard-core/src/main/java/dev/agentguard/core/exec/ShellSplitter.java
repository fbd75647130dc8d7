package dev.agentguard.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups the shell parser's tokens into simple commands: words and redirections up to each separator
 * ({@code ;} {@code &} {@code &&} {@code ||} {@code |} {@code |&} newline). An empty command or a redirection
 * without a target is a {@link ShellRejection}. Stateless.
 */
final class ShellSplitter {

  private ShellSplitter() {}

  /**
   * An operator token: a separator or a redirection operator.
   *
   * @param text the operator
   * @param redirect whether it is a redirection
   * @param fd the io-number before a redirection, or empty
   */
  record Op(String text, boolean redirect, String fd) {}

  static List<SimpleCommand> split(List<Object> tokens) {
    List<SimpleCommand> parts = new ArrayList<>();
    List<ShellWord> words = new ArrayList<>();
    List<SimpleCommand.Redirect> redirects = new ArrayList<>();
    Op pending = null;
    String previous = "";
    for (Object token : tokens) {
      if (token instanceof ShellWord) {
        ShellWord w = (ShellWord) token;
        if (pending != null) {
          redirects.add(new SimpleCommand.Redirect(pending.text(), pending.fd(), w));
          pending = null;
        } else {
          words.add(w);
        }
        continue;
      }
      Op op = (Op) token;
      if (pending != null) {
        throw new ShellRejection(ShellParser.REDIRECT, "redirection '" + pending.fd() + pending.text() + "' has no target");
      }
      if (op.redirect()) {
        pending = op;
        continue;
      }
      if (words.isEmpty() && redirects.isEmpty()) {
        if (op.text().equals("\n")) {
          continue;
        }
        throw new ShellRejection(ShellParser.EMPTY, "empty command before '" + op.text() + "'");
      }
      parts.add(new SimpleCommand(words, redirects, op.text()));
      words = new ArrayList<>();
      redirects = new ArrayList<>();
      previous = op.text();
    }
    if (pending != null) {
      throw new ShellRejection(ShellParser.REDIRECT, "redirection '" + pending.fd() + pending.text() + "' has no target");
    }
    if (!words.isEmpty() || !redirects.isEmpty()) {
      parts.add(new SimpleCommand(words, redirects));
    } else if (previous.equals("&&") || previous.equals("||") || previous.equals("|") || previous.equals("|&")) {
      throw new ShellRejection(ShellParser.EMPTY, "the command ends with '" + previous + "' and no command after it");
    }
    if (parts.isEmpty()) {
      throw new ShellRejection(ShellParser.EMPTY, "empty command");
    }
    return parts;
  }
}
