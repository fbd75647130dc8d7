package dev.agentguard.core.policy;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Java regex whose matching is bounded: each search may read at most a fixed number of characters, so a
 * pattern that backtracks catastrophically fails fast instead of hanging a thread.
 */
public final class BoundedRegex {

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

  /** The regex source. */
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

  /** Searches {@code input} for the regex, as {@link java.util.regex.Matcher#find()}. */
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
