package dev.agentguard.core.fs;

/** One parsed element of a path glob without braces: a character, a separator, {@code *}, {@code ?} or a set. */
final class GlobToken {
  static final int CHAR = 0;
  static final int SEP = 1;
  static final int STAR = 2;
  static final int ONE = 3;
  static final int CLASS = 4;

  final int kind;
  final char c;
  final CharClass cls;

  GlobToken(int kind, char c, CharClass cls) {
    this.kind = kind;
    this.c = c;
    this.cls = cls;
  }

  /** Whether this token (not {@code *}) matches character {@code ch} (folded when {@code ignoreCase}). */
  boolean matches(char ch, boolean ignoreCase) {
    switch (kind) {
      case CHAR:
        return c == ch;
      case ONE:
        return true;
      case CLASS:
        return cls.matches(ch, ignoreCase);
      default:
        return false;
    }
  }

  /** A {@code [...]} set: ranges of characters, possibly negated. */
  static final class CharClass {
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
        in = contains(Character.toUpperCase(c)) || contains(Character.toLowerCase(c)) || contains(PathGlob.foldChar(c));
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
}
