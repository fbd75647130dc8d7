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
   * <code>{n}</code> or <code>{n,m}</code> with n or m &gt; 1) that itself contains a repeat, as in {@code (a+)+} or
   * {@code (\w*,)*x}; and a repeated group whose alternatives are not all distinct, as in {@code (a|a)*}. Possessive
   * quantifiers and atomic groups do not backtrack and pass. The policy loader applies this check; matching is
   * bounded anyway.
   *
   * @param regex a Java regular expression
   * @throws IllegalArgumentException naming the problem and the index where it was found
   */
  public static void checkNotCatastrophic(String regex) {
    Objects.requireNonNull(regex, "regex must not be null");
    BacktrackScan.check(regex);
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
