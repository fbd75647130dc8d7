package dev.agentguard.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an awk program for what it does besides reading its input and printing: {@code system()} and pipes
 * ({@code print | "cmd"}, {@code "cmd" | getline}, gawk's {@code |&}) run commands; {@code >} and {@code >>}
 * inside a {@code print}/{@code printf} statement (outside parentheses) write a file; {@code getline < file}
 * reads one; gawk's {@code @include}, {@code @load} and indirect calls cannot be analysed. Strings, regex
 * literals and comments are skipped as awk skips them, so {@code awk '$2 > 5 {print $1}'},
 * {@code awk '{print "a|b"}'} and {@code awk '/system/ {print}'} do nothing but print. One instance per program.
 */
final class AwkProgram {

  private static final String REGEX_AFTER = "(,{};!~&|?:=<>+-*%^\n";

  private final String s;
  private int pos;
  private final List<ScriptEffect> effects = new ArrayList<>();
  /** The last significant token's text ({@code "str"} for a string, {@code "re"} for a regex, {@code "x"} for a name). */
  private String last = "";
  private boolean lastWasKeyword = true;
  private int parens;
  /** The paren depth where the current print statement began, or -1 outside one. */
  private int printDepth = -1;
  /** Set after a redirection or getline-from operator: the next token names the file or the command. */
  private ScriptEffect.Kind pendingTarget;
  private String pendingWhat;
  /** Inside {@code getline [var]}: a {@code <} now reads a file. */
  private boolean afterGetline;

  private AwkProgram(String program) {
    this.s = program;
  }

  /** The effects of {@code program}, in order. */
  static List<ScriptEffect> effects(String program) {
    AwkProgram p = new AwkProgram(program);
    try {
      p.scan();
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      p.effects.add(ScriptEffect.unknown("awk program that does not parse"));
    }
    if (p.pendingTarget != null) {
      p.effects.add(ScriptEffect.unknown(p.pendingWhat + " without a target"));
    }
    return p.effects;
  }

  private void scan() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\\' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
        pos += c == '\\' ? 2 : 1;
      } else if (c == '#') {
        while (pos < s.length() && s.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '"') {
        target(string());
        afterGetline = false;
        token("str", false);
      } else if (c == '/' && regexAllowed()) {
        regex();
        noTarget();
        token("re", false);
      } else if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        name(s.substring(start, pos));
      } else {
        operator(c);
      }
    }
  }

  private void name(String word) {
    noTarget();
    if (word.equals("system") && nextNonBlank() == '(') {
      effects.add(ScriptEffect.run("awk system()"));
    }
    boolean keyword = word.equals("print") || word.equals("printf") || word.equals("return") || word.equals("in")
        || word.equals("getline");
    if (word.equals("print") || word.equals("printf")) {
      printDepth = parens;
    }
    afterGetline = word.equals("getline") || afterGetline && !keyword;
    token(word, keyword);
  }

  private void operator(char c) {
    char n = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
    if (c == '@') {
      effects.add(ScriptEffect.unknown("gawk '@' directive or indirect call"));
    } else if (c == '|' && n != '|') {
      effects.add(ScriptEffect.run(n == '&' ? "awk coprocess |&" : "awk pipe |"));
    } else if (c == '>' && printDepth >= 0 && parens == printDepth && n != '=') {
      pendingTarget = ScriptEffect.Kind.WRITE;
      pendingWhat = "awk output redirection " + (n == '>' ? ">>" : ">");
      pos += n == '>' ? 2 : 1;
      token(">", true);
      return;
    } else if (c == '<' && afterGetline) {
      afterGetline = false;
      pendingTarget = ScriptEffect.Kind.READ;
      pendingWhat = "awk getline <";
      pos++;
      token("<", true);
      return;
    } else if (c == '(') {
      parens++;
    } else if (c == ')') {
      parens--;
    } else if (c == ';' || c == '\n' || c == '{' || c == '}') {
      printDepth = -1;
    }
    noTarget();
    afterGetline = afterGetline && (c == '$' || Character.isDigit(c));
    pos += (c == '|' || c == '&') && (n == c || n == '&') ? 2 : 1;
    token(String.valueOf(c), true);
  }

  /** A string literal right after a redirection or {@code getline <} is the file; anything else cannot be known. */
  private void target(String literal) {
    if (pendingTarget != null) {
      effects.add(new ScriptEffect(pendingTarget, literal, pendingWhat));
      pendingTarget = null;
    }
  }

  private void noTarget() {
    if (pendingTarget != null) {
      effects.add(ScriptEffect.unknown(pendingWhat + " to a computed file name"));
      pendingTarget = null;
    }
  }

  private void token(String text, boolean keywordOrOperator) {
    last = text;
    lastWasKeyword = keywordOrOperator;
  }

  private boolean regexAllowed() {
    return last.isEmpty() || lastWasKeyword && !last.equals(")") && !last.equals("]")
        && (REGEX_AFTER.contains(last) || Character.isLetter(last.charAt(0)));
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (true) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = s.charAt(pos++);
        out.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else if (c == '\n') {
        throw new IllegalStateException("newline in a string");
      } else {
        out.append(c);
      }
    }
  }

  private void regex() {
    pos++;
    boolean bracket = false;
    while (true) {
      char c = s.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == '[') {
        bracket = true;
      } else if (c == ']') {
        bracket = false;
      } else if (c == '/' && !bracket) {
        return;
      } else if (c == '\n') {
        throw new IllegalStateException("newline in a regex");
      }
    }
  }

  private char nextNonBlank() {
    int i = pos;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i < s.length() ? s.charAt(i) : 0;
  }
}
