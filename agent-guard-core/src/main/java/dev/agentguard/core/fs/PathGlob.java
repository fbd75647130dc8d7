package dev.agentguard.core.fs;

import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.glob.GlobSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A compiled path glob. Syntax: {@code *} (any run of characters inside one path segment), {@code **} (a whole
 * segment: zero or more segments), {@code ?} (one character), {@code [abc]}, {@code [a-z]}, {@code [!a]} /
 * {@code [^a]} (one character of a set), {@code {a,b}} (alternatives, may nest and may hold {@code /}) and
 * {@code \x} (the character {@code x} literally). A glob starting with {@code /} is anchored at the file-system
 * root; any other glob (such as {@code **}{@code /.env} or {@code .env}) matches at any depth. {@code dir/**}
 * also matches {@code dir} itself. Empty segments ({@code //}), {@code .} segments and a trailing {@code /} are
 * ignored; {@code name/..} cancels out (after a wildcard, {@code ..} is an error).
 *
 * <p>Variables and {@code ~} are not part of this syntax: expand them first. Instances are immutable and
 * thread-safe.
 */
final class PathGlob {

  /** The most alternatives one glob may expand to through {@code {a,b}}. */
  public static final int MAX_ALTERNATIVES = 256;

  /** The longest glob text accepted. */
  public static final int MAX_LENGTH = 4096;

  private final String text;
  private final boolean ignoreCase;
  private final List<Alternative> alternatives;

  private PathGlob(String text, boolean ignoreCase, List<Alternative> alternatives) {
    this.text = text;
    this.ignoreCase = ignoreCase;
    this.alternatives = alternatives;
  }

  /**
   * Compiles {@code glob}, matching case-sensitively.
   *
   * @param glob the glob, as written in a policy
   * @return the compiled glob
   * @throws IllegalArgumentException when the glob is empty, too long, holds control characters, or has an
   *     unbalanced {@code [} or <code>&#123;</code>, a bad range or a trailing {@code \}; the message says what is wrong
   */
  public static PathGlob compile(String glob) {
    return compile(glob, false);
  }

  /**
   * Compiles {@code glob}; with {@code ignoreCase} letters match regardless of case (simple per-character case
   * folding).
   *
   * @param glob the glob, as written in a policy
   * @param ignoreCase whether letters match regardless of case
   * @return the compiled glob
   * @throws IllegalArgumentException as {@link #compile(String)}
   */
  public static PathGlob compile(String glob, boolean ignoreCase) {
    Objects.requireNonNull(glob, "glob must not be null");
    List<List<Token>> expanded = new Parser(glob).parse();
    List<Alternative> alts = new ArrayList<>(expanded.size());
    for (List<Token> tokens : expanded) {
      try {
        alts.add(Alternative.of(tokens, ignoreCase));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getMessage(), e);
      }
    }
    return new PathGlob(glob, ignoreCase, Collections.unmodifiableList(alts));
  }

  /**
   * The glob text as given.
   *
   * @return the glob text as given
   */
  public String text() {
    return text;
  }

  /**
   * Whether letters match regardless of case.
   *
   * @return whether letters match regardless of case
   */
  public boolean ignoreCase() {
    return ignoreCase;
  }

  /**
   * Returns whether {@code path} matches. The path is split at {@code /}; empty segments are ignored, and
   * {@code .} and {@code ..} are ordinary names (normalise the path first).
   *
   * @param path a normalised path with {@code /} separators
   * @return whether {@code path} matches
   */
  public boolean matches(String path) {
    Objects.requireNonNull(path, "path must not be null");
    List<String> segments = split(path);
    if (ignoreCase) {
      segments.replaceAll(PathGlob::fold);
    }
    return matchesSegments(segments);
  }

  boolean matchesSegments(List<String> segments) {
    for (Alternative a : alternatives) {
      if (a.matches(segments)) {
        return true;
      }
    }
    return false;
  }

  List<Alternative> alternatives() {
    return alternatives;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Splits {@code path} at {@code /}, dropping empty segments. */
  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        if (i > start) {
          out.add(path.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Per-character case folding; keeps the length so {@code ?} still means one character. */
  static String fold(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = foldChar(c);
      if (f != c) {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = f;
      }
    }
    return chars == null ? s : new String(chars);
  }

  static char foldChar(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  // ---------------------------------------------------------------- tokens

  /** One parsed element of a glob without braces. */
  private static final class Token {
    static final int CHAR = 0;
    static final int SEP = 1;
    static final int STAR = 2;
    static final int ONE = 3;
    static final int CLASS = 4;

    final int kind;
    final char c;
    final CharClass cls;

    Token(int kind, char c, CharClass cls) {
      this.kind = kind;
      this.c = c;
      this.cls = cls;
    }
  }

  /** A {@code [...]} set: ranges of characters, possibly negated. */
  private static final class CharClass {
    final char[] lo;
    final char[] hi;
    final boolean negated;

    CharClass(char[] lo, char[] hi, boolean negated) {
      this.lo = lo;
      this.hi = hi;
      this.negated = negated;
    }

    boolean matches(char c, boolean ignoreCase) {
      boolean in = contains(c);
      if (!in && ignoreCase) {
        in = contains(Character.toUpperCase(c)) || contains(Character.toLowerCase(c)) || contains(foldChar(c));
      }
      return in != negated;
    }

    private boolean contains(char c) {
      for (int i = 0; i < lo.length; i++) {
        if (c >= lo[i] && c <= hi[i]) {
          return true;
        }
      }
      return false;
    }
  }

  /** Parses glob text into brace-free token sequences (the expansion of every {@code {a,b}}). */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<List<Token>> parse() {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("invalid glob: it is empty");
      }
      if (s.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("invalid glob: longer than " + MAX_LENGTH + " characters");
      }
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (Character.getType(c) == Character.CONTROL) {
          throw new IllegalArgumentException(
              "invalid glob '" + printable(s) + "': control character U+" + hex(c) + " at index " + k);
        }
      }
      List<List<Token>> out = sequence(false);
      if (i < s.length()) {
        throw new IllegalArgumentException(
            "invalid glob '" + s + "': unbalanced '" + s.charAt(i) + "' at index " + i);
      }
      for (List<Token> alt : out) {
        if (alt.isEmpty()) {
          throw new IllegalArgumentException("invalid glob '" + s
              + "': a '{...}' alternative is empty, so the glob would match every path");
        }
      }
      return out;
    }

    /** Parses until end, or (inBrace) until an unconsumed ',' or '}'. Returns the expanded alternatives. */
    private List<List<Token>> sequence(boolean inBrace) {
      List<List<Token>> alts = new ArrayList<>();
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
          int open = i;
          i++;
          List<List<Token>> options = new ArrayList<>();
          while (true) {
            options.addAll(sequence(true));
            if (i >= s.length()) {
              throw new IllegalArgumentException("invalid glob '" + s + "': unclosed '{' at index " + open);
            }
            char d = s.charAt(i++);
            if (d == GlobSyntax.ALTERNATIVES_CLOSE) {
              break;
            }
          }
          List<List<Token>> next = new ArrayList<>();
          for (List<Token> prefix : alts) {
            for (List<Token> option : options) {
              if (next.size() >= MAX_ALTERNATIVES) {
                throw new IllegalArgumentException("invalid glob '" + s + "': expands to more than "
                    + MAX_ALTERNATIVES + " alternatives");
              }
              List<Token> joined = new ArrayList<>(prefix.size() + option.size());
              joined.addAll(prefix);
              joined.addAll(option);
              next.add(joined);
            }
          }
          alts = next;
          continue;
        }
        Token t = single();
        for (List<Token> alt : alts) {
          alt.add(t);
        }
      }
      return alts;
    }

    private Token single() {
      char c = s.charAt(i);
      switch (c) {
        case '/':
          i++;
          return new Token(Token.SEP, '/', null);
        case GlobSyntax.ANY:
          i++;
          return new Token(Token.STAR, GlobSyntax.ANY, null);
        case GlobSyntax.ONE:
          i++;
          return new Token(Token.ONE, GlobSyntax.ONE, null);
        case GlobSyntax.SET_OPEN:
          return new Token(Token.CLASS, GlobSyntax.SET_OPEN, charClass());
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
          return new Token(Token.CHAR, e, null);
        default:
          i++;
          return new Token(Token.CHAR, c, null);
      }
    }

    private CharClass charClass() {
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
      return new CharClass(lo.toString().toCharArray(), hi.toString().toCharArray(), negated);
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
  }

  private static String hex(char c) {
    return String.format(Locale.ROOT, "%04X", (int) c);
  }

  private static String printable(String s) {
    return UntrustedText.printable(s);
  }

  // ---------------------------------------------------------------- compiled form

  /** One brace-free alternative: a sequence of segment matchers. */
  static final class Alternative {
    final boolean anchored;
    final Segment[] segments;

    private Alternative(boolean anchored, Segment[] segments) {
      this.anchored = anchored;
      this.segments = segments;
    }

    static Alternative of(List<Token> tokens, boolean ignoreCase) {
      boolean anchored = !tokens.isEmpty() && tokens.get(0).kind == Token.SEP;
      List<Segment> segs = new ArrayList<>();
      if (!anchored) {
        segs.add(Segment.ANY_SEGMENTS);
      }
      List<Token> current = new ArrayList<>();
      boolean explicitAny = false;
      for (int k = 0; k <= tokens.size(); k++) {
        Token t = k < tokens.size() ? tokens.get(k) : null;
        if (t == null || t.kind == Token.SEP) {
          if (!current.isEmpty()) {
            explicitAny |= addSegment(segs, current, ignoreCase) == Segment.ANY_SEGMENTS;
            current = new ArrayList<>();
          }
        } else {
          current.add(t);
        }
      }
      if (!anchored && segs.size() == 1 && !explicitAny) {
        throw new IllegalArgumentException("nothing is left to match once '.' and '..' are folded");
      }
      return new Alternative(anchored, segs.toArray(new Segment[0]));
    }

    private static Segment addSegment(List<Segment> segs, List<Token> tokens, boolean ignoreCase) {
      Segment seg = Segment.of(tokens, ignoreCase);
      if (seg.isLiteral() && seg.literal.equals(".")) {
        return seg; // "./x" is "x": paths are matched after "." is folded
      }
      if (seg.isLiteral() && seg.literal.equals("..")) {
        // "/a/b/../c" is "/a/c"; ".." after a wildcard has no single meaning
        Segment previous = segs.isEmpty() ? null : segs.get(segs.size() - 1);
        if (previous == null || !previous.isLiteral()) {
          throw new IllegalArgumentException("'..' may only follow a literal directory name in a glob");
        }
        segs.remove(segs.size() - 1);
        return seg;
      }
      if (seg == Segment.ANY_SEGMENTS && !segs.isEmpty() && segs.get(segs.size() - 1) == Segment.ANY_SEGMENTS) {
        return seg; // "**/**" is "**"
      }
      segs.add(seg);
      return seg;
    }

    /** Classic star matching over segments: {@code **} matches any run of segments. */
    boolean matches(List<String> path) {
      int g = 0;
      int p = 0;
      int starG = -1;
      int starP = 0;
      int n = path.size();
      while (p < n) {
        if (g < segments.length && segments[g] != Segment.ANY_SEGMENTS && segments[g].matches(path.get(p))) {
          g++;
          p++;
        } else if (g < segments.length && segments[g] == Segment.ANY_SEGMENTS) {
          starG = g++;
          starP = p;
        } else if (starG >= 0) {
          g = starG + 1;
          p = ++starP;
        } else {
          return false;
        }
      }
      while (g < segments.length && segments[g] == Segment.ANY_SEGMENTS) {
        g++;
      }
      return g == segments.length;
    }
  }

  /** Matches one path segment: a literal, {@code **}, or a pattern of characters, {@code ?}, sets and stars. */
  static final class Segment {
    static final Segment ANY_SEGMENTS = new Segment(null, null, false);

    /** The literal (folded when ignoring case), or null for patterns and {@code **}. */
    final String literal;
    final Token[] pattern;
    final boolean ignoreCase;

    private Segment(String literal, Token[] pattern, boolean ignoreCase) {
      this.literal = literal;
      this.pattern = pattern;
      this.ignoreCase = ignoreCase;
    }

    static Segment of(List<Token> tokens, boolean ignoreCase) {
      boolean allStars = true;
      boolean allChars = true;
      for (Token t : tokens) {
        allStars &= t.kind == Token.STAR;
        allChars &= t.kind == Token.CHAR;
      }
      if (allStars && tokens.size() >= 2) {
        return ANY_SEGMENTS;
      }
      if (allChars) {
        StringBuilder b = new StringBuilder(tokens.size());
        for (Token t : tokens) {
          b.append(ignoreCase ? foldChar(t.c) : t.c);
        }
        return new Segment(b.toString(), null, ignoreCase);
      }
      List<Token> compact = new ArrayList<>(tokens.size());
      for (Token t : tokens) {
        if (t.kind == Token.STAR && !compact.isEmpty() && compact.get(compact.size() - 1).kind == Token.STAR) {
          continue;
        }
        if (t.kind == Token.CHAR && ignoreCase) {
          compact.add(new Token(Token.CHAR, foldChar(t.c), null));
        } else {
          compact.add(t);
        }
      }
      return new Segment(null, compact.toArray(new Token[0]), ignoreCase);
    }

    boolean isLiteral() {
      return literal != null;
    }

    /** The literal characters this pattern's matches must start with ("" if none). */
    String literalPrefix() {
      if (literal != null) {
        return literal;
      }
      StringBuilder b = new StringBuilder();
      for (Token t : pattern) {
        if (t.kind != Token.CHAR) {
          break;
        }
        b.append(t.c);
      }
      return b.toString();
    }

    /** The literal characters this pattern's matches must end with ("" if none). */
    String literalSuffix() {
      if (literal != null) {
        return literal;
      }
      StringBuilder b = new StringBuilder();
      for (int k = pattern.length - 1; k >= 0; k--) {
        if (pattern[k].kind != Token.CHAR) {
          break;
        }
        b.append(pattern[k].c);
      }
      return b.reverse().toString();
    }

    /** Matches a path segment (already folded when ignoring case). */
    boolean matches(String s) {
      if (literal != null) {
        return literal.equals(s);
      }
      int g = 0;
      int n = 0;
      int starG = -1;
      int starN = 0;
      while (n < s.length()) {
        if (g < pattern.length && pattern[g].kind != Token.STAR && one(pattern[g], s.charAt(n))) {
          g++;
          n++;
        } else if (g < pattern.length && pattern[g].kind == Token.STAR) {
          starG = g++;
          starN = n;
        } else if (starG >= 0) {
          g = starG + 1;
          n = ++starN;
        } else {
          return false;
        }
      }
      while (g < pattern.length && pattern[g].kind == Token.STAR) {
        g++;
      }
      return g == pattern.length;
    }

    private boolean one(Token t, char c) {
      switch (t.kind) {
        case Token.CHAR:
          return t.c == c;
        case Token.ONE:
          return true;
        case Token.CLASS:
          return t.cls.matches(c, ignoreCase);
        default:
          return false;
      }
    }
  }
}
