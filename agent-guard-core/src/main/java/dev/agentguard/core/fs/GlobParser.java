package dev.agentguard.core.fs;

import dev.agentguard.core.glob.GlobSyntax;
import dev.agentguard.core.text.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses glob text into brace-free token sequences (the expansion of every {@code {a,b}}). */
final class GlobParser {

  private final String s;
  private int i;

  GlobParser(String s) {
    this.s = s;
  }

  List<List<GlobToken>> parse() {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid glob: it is empty");
    }
    if (s.length() > PathGlob.MAX_LENGTH) {
      throw new IllegalArgumentException("invalid glob: longer than " + PathGlob.MAX_LENGTH + " characters");
    }
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.getType(c) == Character.CONTROL) {
        throw new IllegalArgumentException(
            "invalid glob '" + printable(s) + "': control character U+" + hex(c) + " at index " + k);
      }
    }
    List<List<GlobToken>> out = sequence(false);
    if (i < s.length()) {
      throw new IllegalArgumentException(
          "invalid glob '" + s + "': unbalanced '" + s.charAt(i) + "' at index " + i);
    }
    for (List<GlobToken> alt : out) {
      if (alt.isEmpty()) {
        throw new IllegalArgumentException("invalid glob '" + s
            + "': a '{...}' alternative is empty, so the glob would match every path");
      }
    }
    return out;
  }

  /** Parses until end, or (inBrace) until an unconsumed ',' or '}'. Returns the expanded alternatives. */
  private List<List<GlobToken>> sequence(boolean inBrace) {
    List<List<GlobToken>> alts = new ArrayList<>();
    alts.add(new ArrayList<>());
    while (i < s.length()) {
      char c = s.charAt(i);
      if (inBrace && (c == GlobSyntax.ALTERNATIVES_SEPARATOR || c == GlobSyntax.ALTERNATIVES_CLOSE)) {
        return alts;
      }
      if (c == GlobSyntax.ALTERNATIVES_CLOSE) {
        throw new IllegalArgumentException("invalid glob '" + s + "': unbalanced '}' at index " + i);
      }
      if (c == GlobSyntax.ALTERNATIVES_OPEN) {
        alts = product(alts, braces());
        continue;
      }
      GlobToken t = single();
      for (List<GlobToken> alt : alts) {
        alt.add(t);
      }
    }
    return alts;
  }

  /** The options of the {@code {a,b}} at {@code i}, each already expanded; {@code i} ends after its '}'. */
  private List<List<GlobToken>> braces() {
    int open = i;
    i++;
    List<List<GlobToken>> options = new ArrayList<>();
    while (true) {
      options.addAll(sequence(true));
      if (i >= s.length()) {
        throw new IllegalArgumentException("invalid glob '" + s + "': unclosed '{' at index " + open);
      }
      char d = s.charAt(i++);
      if (d == GlobSyntax.ALTERNATIVES_CLOSE) {
        return options;
      }
    }
  }

  /** Every prefix followed by every option, refusing more than the allowed number of alternatives. */
  private List<List<GlobToken>> product(List<List<GlobToken>> prefixes, List<List<GlobToken>> options) {
    List<List<GlobToken>> next = new ArrayList<>();
    for (List<GlobToken> prefix : prefixes) {
      for (List<GlobToken> option : options) {
        if (next.size() >= PathGlob.MAX_ALTERNATIVES) {
          throw new IllegalArgumentException("invalid glob '" + s + "': expands to more than "
              + PathGlob.MAX_ALTERNATIVES + " alternatives");
        }
        List<GlobToken> joined = new ArrayList<>(prefix.size() + option.size());
        joined.addAll(prefix);
        joined.addAll(option);
        next.add(joined);
      }
    }
    return next;
  }

  private GlobToken single() {
    char c = s.charAt(i);
    switch (c) {
      case '/':
        i++;
        return new GlobToken(GlobToken.SEP, '/', null);
      case GlobSyntax.ANY:
        i++;
        return new GlobToken(GlobToken.STAR, GlobSyntax.ANY, null);
      case GlobSyntax.ONE:
        i++;
        return new GlobToken(GlobToken.ONE, GlobSyntax.ONE, null);
      case GlobSyntax.SET_OPEN:
        return new GlobToken(GlobToken.CLASS, GlobSyntax.SET_OPEN, charClass());
      case GlobSyntax.SET_CLOSE:
        throw new IllegalArgumentException("invalid glob '" + s + "': unbalanced ']' at index " + i);
      case GlobSyntax.ESCAPE:
        if (i + 1 >= s.length()) {
          throw new IllegalArgumentException("invalid glob '" + s + "': trailing '\\' escapes nothing");
        }
        char e = s.charAt(i + 1);
        if (e == '/') {
          throw new IllegalArgumentException("invalid glob '" + s + "': '\\/' at index " + i
              + " (a separator cannot be escaped)");
        }
        i += 2;
        return new GlobToken(GlobToken.CHAR, e, null);
      default:
        i++;
        return new GlobToken(GlobToken.CHAR, c, null);
    }
  }

  private GlobToken.CharClass charClass() {
    int open = i;
    i++;
    boolean negated = false;
    if (i < s.length() && (s.charAt(i) == GlobSyntax.SET_NEGATE || s.charAt(i) == GlobSyntax.SET_NEGATE_ALT)) {
      negated = true;
      i++;
    }
    StringBuilder lo = new StringBuilder();
    StringBuilder hi = new StringBuilder();
    boolean first = true;
    while (true) {
      if (i >= s.length()) {
        throw new IllegalArgumentException("invalid glob '" + s + "': unclosed '[' at index " + open);
      }
      char c = s.charAt(i);
      if (c == GlobSyntax.SET_CLOSE && !first) {
        i++;
        break;
      }
      first = false;
      c = classChar(open);
      char end = c;
      if (i + 1 < s.length() && s.charAt(i) == GlobSyntax.SET_RANGE && s.charAt(i + 1) != GlobSyntax.SET_CLOSE) {
        i++;
        end = classChar(open);
        if (end < c) {
          throw new IllegalArgumentException(
              "invalid glob '" + s + "': reversed range '" + c + "-" + end + "' in '[' at index " + open);
        }
      }
      lo.append(c);
      hi.append(end);
    }
    return new GlobToken.CharClass(lo.toString().toCharArray(), hi.toString().toCharArray(), negated);
  }

  private char classChar(int open) {
    char c = s.charAt(i);
    if (c == '/') {
      throw new IllegalArgumentException(
          "invalid glob '" + s + "': '/' inside '[' at index " + open + " (a set cannot match a separator)");
    }
    if (c == GlobSyntax.ESCAPE) {
      if (i + 1 >= s.length()) {
        throw new IllegalArgumentException("invalid glob '" + s + "': unclosed '[' at index " + open);
      }
      i += 2;
      return s.charAt(i - 1);
    }
    i++;
    return c;
  }

  private static String hex(char c) {
    return String.format(Locale.ROOT, "%04X", (int) c);
  }

  private static String printable(String s) {
    return UntrustedText.printable(s);
  }
}
