package dev.agentguard.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sed script as GNU sed does, for what it does besides printing: the {@code e} command and the
 * {@code e} flag of {@code s} run a command; {@code w}, {@code W} and the {@code w} flag of {@code s} write a
 * file; {@code r} and {@code R} read one. Regexes, replacements, text of {@code a}/{@code i}/{@code c} and labels
 * are skipped as sed skips them, so {@code sed -n '/error/p'} does nothing but print. A script it cannot read is
 * an {@link ScriptEffect.Kind#UNKNOWN} effect. Stateless; one instance per script.
 */
final class SedScript {

  private static final String PLAIN_COMMANDS = "=dDgGhHlLnNpPxzFqQ";

  private final String s;
  private int pos;
  private final List<ScriptEffect> effects = new ArrayList<>();

  private SedScript(String script) {
    this.s = script;
  }

  /** The effects of {@code script}, in order; empty for a script that only edits and prints. */
  static List<ScriptEffect> effects(String script) {
    SedScript p = new SedScript(script);
    try {
      p.commands();
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      p.effects.add(ScriptEffect.unknown("sed script that does not parse"));
    }
    return p.effects;
  }

  private void commands() {
    while (true) {
      skip(" \t\n;");
      if (pos >= s.length()) {
        return;
      }
      address();
      skip(" \t");
      if (peek() == ',') {
        pos++;
        skip(" \t");
        address();
      }
      skip(" \t");
      while (peek() == '!') {
        pos++;
        skip(" \t");
      }
      command(s.charAt(pos++));
    }
  }

  private void command(char c) {
    switch (c) {
      case '{', '}' -> { }
      case '#', ':', 'b', 't', 'T', 'v' -> toEndOfCommand(c == '#' || c == ':');
      case 'a', 'i', 'c' -> text();
      case 'r', 'R' -> effects.add(new ScriptEffect(ScriptEffect.Kind.READ, fileName(), "sed command '" + c + "'"));
      case 'w', 'W' -> effects.add(new ScriptEffect(ScriptEffect.Kind.WRITE, fileName(), "sed command '" + c + "'"));
      case 'e' -> effects.add(ScriptEffect.run("sed command 'e'"));
      case 's' -> substitute();
      case 'y' -> {
        char d = s.charAt(pos++);
        delimited(d);
        delimited(d);
      }
      case 'l', 'L', 'q', 'Q' -> {
        skip(" \t");
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
      }
      default -> {
        if (PLAIN_COMMANDS.indexOf(c) < 0) {
          throw new IllegalStateException("unknown sed command " + c);
        }
      }
    }
  }

  private void address() {
    char c = peek();
    if (c == '/' || c == '\\') {
      if (c == '\\') {
        pos++;
      }
      regex(s.charAt(pos++));
      while ("IM".indexOf(peek()) >= 0 && peek() != 0) {
        pos++;
      }
    } else if (c == '$') {
      pos++;
    } else {
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '~' || s.charAt(pos) == '+')) {
        pos++;
      }
    }
  }

  private void substitute() {
    char d = s.charAt(pos++);
    if (d == '\n' || d == '\\') {
      throw new IllegalStateException("bad s delimiter");
    }
    regex(d);
    delimited(d);
    while (pos < s.length()) {
      char f = s.charAt(pos);
      if (f == 'e') {
        effects.add(ScriptEffect.run("sed s///e flag"));
        pos++;
      } else if (f == 'w') {
        pos++;
        effects.add(new ScriptEffect(ScriptEffect.Kind.WRITE, fileName(), "sed s///w flag"));
        return;
      } else if ("gpiImM0123456789".indexOf(f) >= 0) {
        pos++;
      } else {
        return;
      }
    }
  }

  /** Skips a regex ending at an unescaped {@code d}; a bracket expression may hold {@code d} (GNU sed). */
  private void regex(char d) {
    while (true) {
      char c = s.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == '[') {
        bracket();
      } else if (c == d) {
        return;
      } else if (c == '\n') {
        throw new IllegalStateException("newline in a regex");
      }
    }
  }

  /** Skips a bracket expression after its {@code [}: a leading {@code ^} and {@code ]}, classes such as [:a:]. */
  private void bracket() {
    if (peek() == '^') {
      pos++;
    }
    if (peek() == ']') {
      pos++;
    }
    while (true) {
      char c = s.charAt(pos++);
      if (c == '[' && (peek() == ':' || peek() == '.' || peek() == '=')) {
        char kind = s.charAt(pos++);
        int close = s.indexOf(kind + "]", pos);
        if (close < 0) {
          throw new IllegalStateException("unclosed class");
        }
        pos = close + 2;
      } else if (c == ']') {
        return;
      }
    }
  }

  /** Skips a regex or replacement ending at an unescaped {@code d}; a newline may be escaped. */
  private void delimited(char d) {
    while (true) {
      char c = s.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == d) {
        return;
      } else if (c == '\n' && d != '\n') {
        throw new IllegalStateException("newline in a regex");
      }
    }
  }

  /** The file name of {@code r w R W}: the rest of the line, after blanks. */
  private String fileName() {
    skip(" \t");
    int end = s.indexOf('\n', pos);
    end = end < 0 ? s.length() : end;
    String name = s.substring(pos, end);
    pos = end;
    return name;
  }

  /** The text of {@code a i c}: to the end of the line, continued by a trailing backslash. */
  private void text() {
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '\\' && pos < s.length()) {
        pos++;
      } else if (c == '\n') {
        return;
      }
    }
  }

  private void toEndOfCommand(boolean lineOnly) {
    while (pos < s.length() && s.charAt(pos) != '\n' && (lineOnly || s.charAt(pos) != ';')) {
      pos++;
    }
  }

  private void skip(String chars) {
    while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : 0;
  }
}
