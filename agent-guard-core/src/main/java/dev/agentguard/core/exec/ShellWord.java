package dev.agentguard.core.exec;

import dev.agentguard.core.glob.GlobSyntax;
import java.util.Arrays;
import java.util.Objects;

/**
 * One word of a shell command after quote removal, remembering which characters were quoted (so the analysis
 * can tell an unquoted {@code *} or {@code NAME=} from data).
 */
final class ShellWord {

  private final String text;
  private final boolean[] quoted;
  /** Where the first empty pair of quotes ({@code ''} or {@code ""}) stood in the text, or -1. */
  private final int emptyQuote;

  ShellWord(String text, boolean[] quoted) {
    this(text, quoted, -1);
  }

  /**
   * A word whose first empty pair of quotes stood before character {@code emptyQuote} ({@code -1}: none); an
   * empty quote leaves no character but still makes a tilde-prefix or an assignment name quoted.
   */
  ShellWord(String text, boolean[] quoted, int emptyQuote) {
    this.text = Objects.requireNonNull(text, "text must not be null");
    if (quoted.length != text.length()) {
      throw new IllegalArgumentException("one quoted flag per character");
    }
    this.quoted = quoted.clone();
    this.emptyQuote = emptyQuote;
  }

  /** A word that takes ownership of {@code quoted} (the caller made it for this word alone). */
  private ShellWord(String text, int emptyQuote, boolean[] quoted) {
    this.text = text;
    this.quoted = quoted;
    this.emptyQuote = emptyQuote;
  }

  /** A word from a parser's buffer: {@code quoted} is a fresh copy, one flag per character, handed over. */
  static ShellWord owning(String text, boolean[] quoted, int emptyQuote) {
    if (quoted.length != text.length()) {
      throw new IllegalArgumentException("one quoted flag per character");
    }
    return new ShellWord(text, emptyQuote, quoted);
  }

  /** A word taken literally, as an argv element is. */
  static ShellWord literal(String text) {
    boolean[] q = new boolean[text.length()];
    Arrays.fill(q, true);
    return new ShellWord(text, -1, q);
  }

  String text() {
    return text;
  }

  boolean isQuoted(int index) {
    return quoted[index];
  }

  /** Before which character the word's first empty pair of quotes stood, or -1 if it has none. */
  int firstEmptyQuote() {
    return emptyQuote;
  }

  private boolean unquoted(int index, char c) {
    return !quoted[index] && text.charAt(index) == c;
  }

  /** Whether the word is {@code NAME=value} or {@code NAME+=value} with the name and {@code =} unquoted. */
  boolean isAssignment() {
    if (text.isEmpty() || quoted[0] || !isNameStart(text.charAt(0)) || emptyQuote == 0) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted[i] || emptyQuote == i) {
        return false;
      }
      if (c == '=') {
        return true;
      }
      if (c == '+' && i + 1 < text.length() && unquoted(i + 1, '=')) {
        return true;
      }
      if (!isNameChar(c)) {
        return false;
      }
    }
    return false;
  }

  /** Whether pathname expansion could change this word: an unquoted {@code *}, {@code ?} or {@code [...]}. */
  boolean hasGlob() {
    boolean open = false;
    for (int i = 0; i < text.length(); i++) {
      if (quoted[i]) {
        continue;
      }
      char c = text.charAt(i);
      if (c == GlobSyntax.ANY || c == GlobSyntax.ONE) {
        return true;
      }
      if (c == GlobSyntax.SET_OPEN) {
        open = true;
      } else if (c == GlobSyntax.SET_CLOSE && open) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the word starts with a tilde-prefix the shell expands: an unquoted {@code ~} at the very start, and
   * no quoting (not even an empty {@code ''}) up to the first unquoted {@code /}.
   */
  boolean startsWithTilde() {
    if (text.isEmpty() || !unquoted(0, '~') || emptyQuote == 0) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      if (emptyQuote == i) {
        return false;
      }
      if (unquoted(i, '/')) {
        return true;
      }
      if (quoted[i]) {
        return false;
      }
    }
    return emptyQuote != text.length();
  }

  /**
   * Whether the word has the form of an assignment and bash would expand a tilde-prefix in its value that is not
   * {@code ~} or {@code ~/...}: an unquoted {@code ~} right after the first {@code =} or after an unquoted
   * {@code :}, followed by anything but {@code /}, {@code :} or the end ({@code if=~root/x}, {@code a=~0},
   * {@code P=a:~+}). Bash (outside POSIX mode) expands these in arguments too, so the value is not what it reads.
   */
  boolean hasOtherAssignmentTilde() {
    if (!isAssignment()) {
      return false;
    }
    int eq = text.indexOf('=');
    for (int i = eq + 1; i < text.length(); i++) {
      boolean start = i == eq + 1 || unquoted(i - 1, ':');
      if (start && unquoted(i, '~') && i + 1 < text.length()
          && !(unquoted(i + 1, '/') || unquoted(i + 1, ':'))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the word could undergo brace expansion: unquoted {@code {...,...}} or {@code {a..b}}. */
  boolean hasBraceExpansion() {
    for (int open = 0; open < text.length(); open++) {
      if (!unquoted(open, '{')) {
        continue;
      }
      boolean separator = false;
      for (int j = open + 1; j < text.length(); j++) {
        if (unquoted(j, ',') || (unquoted(j, '.') && j + 1 < text.length() && unquoted(j + 1, '.'))) {
          separator = true;
        } else if (unquoted(j, '}') && separator) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the word ends with an unquoted {@code }} (a bash {@code {name}>file} redirection). */
  boolean endsWithBrace() {
    return !text.isEmpty() && unquoted(text.length() - 1, '}');
  }

  /** Whether the whole word is unquoted decimal digits (an io-number before a redirection). */
  boolean isIoNumber() {
    if (text.isEmpty() || text.length() > 9) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (quoted[i] || text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether the word is exactly {@code s} with no character quoted. */
  boolean isUnquoted(String s) {
    if (!text.equals(s)) {
      return false;
    }
    for (boolean q : quoted) {
      if (q) {
        return false;
      }
    }
    return true;
  }

  static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return text;
  }
}
