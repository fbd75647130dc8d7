package dev.agentguard.core.fs;

import dev.agentguard.core.glob.GlobSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
   *     unbalanced {@code [} or <code>&#123;</code>, a bad range or a trailing {@code \}; the message says what is
   *     wrong
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
    List<List<GlobToken>> expanded = new GlobParser(glob).parse();
    List<Alternative> alts = new ArrayList<>(expanded.size());
    for (List<GlobToken> tokens : expanded) {
      try {
        alts.add(GlobCompiler.alternative(tokens, ignoreCase));
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

  // ---------------------------------------------------------------- compiled form (built by GlobCompiler)

  /** One brace-free alternative: a sequence of segment matchers. */
  static final class Alternative {
    final boolean anchored;
    final Segment[] segments;

    Alternative(boolean anchored, Segment[] segments) {
      this.anchored = anchored;
      this.segments = segments;
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
    final GlobToken[] pattern;
    final boolean ignoreCase;

    Segment(String literal, GlobToken[] pattern, boolean ignoreCase) {
      this.literal = literal;
      this.pattern = pattern;
      this.ignoreCase = ignoreCase;
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
      for (GlobToken t : pattern) {
        if (t.kind != GlobToken.CHAR) {
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
        if (pattern[k].kind != GlobToken.CHAR) {
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
        if (g < pattern.length && pattern[g].kind != GlobToken.STAR && pattern[g].matches(s.charAt(n), ignoreCase)) {
          g++;
          n++;
        } else if (g < pattern.length && pattern[g].kind == GlobToken.STAR) {
          starG = g++;
          starN = n;
        } else if (starG >= 0) {
          g = starG + 1;
          n = ++starN;
        } else {
          return false;
        }
      }
      while (g < pattern.length && pattern[g].kind == GlobToken.STAR) {
        g++;
      }
      return g == pattern.length;
    }
  }
}
