package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The load-time refusal of catastrophic regexes, and the run-time bound. */
class BoundedRegexTest {

  @ParameterizedTest
  @ValueSource(strings = {"^(a+)+$", "(a*)*", "(\\w+\\s?)*$", "(?:x+y?){2,}", "((ab)*c)+", "(a|a)*b",
      "(?i:(?:ab|ab))+", "(.*a){20}", "([a-z]+\\.)+com", "(x+x+)+y", "^(\\d+)*$", "(a{1,5})+"})
  void nestedRepeatsAreRefused(String regex) {
    assertThatThrownBy(() -> BoundedRegex.checkNotCatastrophic(regex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("regex '" + regex + "' can backtrack catastrophically");
  }

  @ParameterizedTest
  @ValueSource(strings = {"(?i)\\bdrop\\b", "^(ab)+[a-z]*(x|y)?\\d{2,4}$", "(a+)++", "(?>a+)+", "[(a+)]+",
      "\\(a+\\)+", "(?:ab|cd){3}", "\\Q(a+)+\\E", "(?i)(drop|truncate)\\s+table", "^[^/]+/[^/]+$",
      "(a+)?", "(a+){1}", "(?i)", "x{2}", "[\\[(]a+[\\])]+"})
  void linearPatternsPass(String regex) {
    assertThatCode(() -> BoundedRegex.checkNotCatastrophic(regex)).doesNotThrowAnyException();
  }

  @Test
  void matchingIsBoundedAtRunTime() {
    BoundedRegex evil = BoundedRegex.compile("^(a+)+$");
    assertThat(evil.find("a".repeat(5000) + "!")).isEqualTo(BoundedRegex.Result.TOO_COSTLY);
    assertThat(BoundedRegex.compile("drop").find("please DROP it")).isEqualTo(BoundedRegex.Result.NOT_FOUND);
    assertThat(BoundedRegex.compile("(?i)drop").find("please DROP it")).isEqualTo(BoundedRegex.Result.FOUND);
  }
}
