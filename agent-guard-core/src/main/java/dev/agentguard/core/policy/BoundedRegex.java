package dev.agentguard.core.policy;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Java regex whose matching is bounded: each search may read at most a fixed number of characters, so a
 * pattern that backtracks catastrophically fails fast instead of hanging a thread.
 */
final class BoundedRegex {

  /** Characters a single search may read, per character of input (plus a floor). */
  private static final long BUDGET_PER_CHAR = 1_000;

  private static final long BUDGET_FLOOR = 100_000;

  private final Pattern pattern;

  private BoundedRegex(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Compiles {@code regex}.
   *
   * @param regex a Java regular expression
   * @return the compiled regex, whose searches are bounded
   * @throws IllegalArgumentException with the syntax error, if it does not compile
   */
  public static BoundedRegex compile(String regex) {
    Objects.requireNonNull(regex, "regex must not be null");
    try {
      return new BoundedRegex(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid regex '" + regex + "': " + e.getDescription() + " near index " + e.getIndex(), e);
    }
  }

  /**
   * Refuses a regex that can backtrack catastrophically: a repeated group ({@code *}, {@code +}, <code>{n,}</code>,
   * <code>{n}</code> or <code>{n,m}</code> with n or m &gt; 1) that itself contains a repeat, as in {@code (a+)+} or {@code (\w*,)*x}; and
   * a repeated group whose alternatives are not all distinct, as in {@code (a|a)*}. Possessive quantifiers and
   * atomic groups do not backtrack and pass. The policy loader applies this check; matching is bounded anyway.
   *
   * @param regex a Java regular expression
   * @throws IllegalArgumentException naming the problem and the index where it was found
   */
  public static void checkNotCatastrophic(String regex) {
    Objects.requireNonNull(regex, "regex must not be null");
    // One frame per open group: does it contain a repeat, is it atomic, its alternatives so far.
    java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
    Frame top = new Frame(false, 0);
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      boolean groupAtom = false;
      Frame closed = null;
      if (c == '\\') {
        if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
        }
      } else if (c == '[') {
        i = skipClass(regex, i);
      } else if (c == '(') {
        boolean atomic = regex.startsWith("(?>", i);
        boolean flagsOnly = false;
        if (regex.startsWith("(?", i) && !atomic) {
          int j = i + 2;
          while (j < n && (Character.isLetter(regex.charAt(j)) || regex.charAt(j) == '-')) {
            j++;
          }
          flagsOnly = j < n && regex.charAt(j) == ')' && j > i + 2;
          if (flagsOnly) {
            i = j + 1;
            continue;
          }
        }
        stack.push(top);
        top = new Frame(atomic, i);
        i++;
        continue;
      } else if (c == ')') {
        if (stack.isEmpty()) {
          return; // a syntax error, reported by compile()
        }
        top.endAlternative(regex, i);
        closed = top;
        top = stack.pop();
        if (closed.repeats && !closed.atomic) {
          top.repeats = true;
        }
        if (closed.duplicateAlternative && !closed.atomic) {
          top.duplicateAlternative = true;
        }
        groupAtom = true;
        i++;
      } else if (c == '|') {
        top.endAlternative(regex, i);
        top.altStart = i + 1;
        i++;
        continue;
      } else {
        i++;
      }
      // A quantifier after the atom?
      if (i < n) {
        int q = i;
        boolean repeat = false;
        char qc = regex.charAt(q);
        if (qc == '*' || qc == '+') {
          repeat = true;
          i++;
        } else if (qc == '?') {
          i++;
        } else if (qc == '{') {
          int close = regex.indexOf('}', q);
          if (close > q) {
            String body = regex.substring(q + 1, close);
            int comma = body.indexOf(',');
            if (body.matches("\\d+(,\\d*)?")) {
              String max = comma < 0 ? body : body.substring(comma + 1);
              repeat = max.isEmpty() || max.length() > 9 || Long.parseLong(max) > 1;
              i = close + 1;
            }
          }
        }
        boolean possessive = false;
        if (i > q && i < n && (regex.charAt(i) == '?' || regex.charAt(i) == '+')) {
          possessive = regex.charAt(i) == '+';
          i++;
        }
        if (repeat && !possessive) {
          if (groupAtom && !closed.atomic && closed.repeats) {
            throw new IllegalArgumentException("regex '" + regex + "' can backtrack catastrophically: the group at"
                + " index " + closed.start + " is repeated and contains a repeat itself (near index " + q
                + "); rewrite it without nested quantifiers");
          }
          if (groupAtom && !closed.atomic && closed.duplicateAlternative) {
            throw new IllegalArgumentException("regex '" + regex + "' can backtrack catastrophically: the group at"
                + " index " + closed.start + " is repeated and has two identical alternatives (near index " + q
                + ")");
          }
        }
        if (repeat) {
          top.repeats = true;
        }
      }
    }
  }

  private static int skipClass(String regex, int start) {
    int depth = 0;
    int i = start;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return regex.length();
  }

  /** An open group while scanning a regex. */
  private static final class Frame {
    final boolean atomic;
    final int start;
    int altStart;
    boolean repeats;
    boolean duplicateAlternative;
    final java.util.Set<String> alternatives = new java.util.HashSet<>();

    Frame(boolean atomic, int start) {
      this.atomic = atomic;
      this.start = start;
      this.altStart = start + 1;
    }

    void endAlternative(String regex, int end) {
      int from = Math.min(altStart, end);
      if (from == start + 1 && regex.startsWith("(?", start)) {
        int colon = regex.indexOf(':', start);
        if (colon > 0 && colon < end) {
          from = colon + 1;
        }
      }
      if (!alternatives.add(regex.substring(from, end))) {
        duplicateAlternative = true;
      }
    }
  }

  /**
   * The regex source.
   *
   * @return the regex source
   */
  public String pattern() {
    return pattern.pattern();
  }

  /** The outcome of a bounded search. */
  public enum Result {
    /** The regex was found in the input. */
    FOUND,
    /** The regex was not found. */
    NOT_FOUND,
    /** The search ran out of budget. */
    TOO_COSTLY
  }

  /**
   * Searches {@code input} for the regex, as {@link java.util.regex.Matcher#find()}.
   *
   * @param input the text to search; not {@code null}
   * @return found, not found, or too costly (the search ran out of its budget, which grows with the input)
   */
  public Result find(String input) {
    Objects.requireNonNull(input, "input must not be null");
    long budget = BUDGET_FLOOR + BUDGET_PER_CHAR * input.length();
    try {
      return pattern.matcher(new CountingSequence(input, new long[] {budget})).find()
          ? Result.FOUND
          : Result.NOT_FOUND;
    } catch (BudgetExceeded e) {
      return Result.TOO_COSTLY;
    }
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }

  private static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super(null, null, false, false);
    }
  }

  private static final class CountingSequence implements CharSequence {
    private final String s;
    private final long[] budget;

    CountingSequence(String s, long[] budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new BudgetExceeded();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountingSequence(s.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
