package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing of {@link PathGlob}: compiling throws only {@link IllegalArgumentException} (the
 * documented refusal of a bad glob); matching never throws and agrees with an independent regex oracle.
 */
class PathGlobFuzzTest {

  private static final Pattern DOT_SEGMENT = Pattern.compile("(?s).*/\\.{1,2}(/.*)?");

  /** Five seconds when fuzzed from an IDE; the Maven build sets the length (fuzz.seconds). */
  @FuzzTest(maxDuration = "5s")
  void fuzz(FuzzedDataProvider data) {
    target(data.consumeString(64), data.consumeRemainingAsString());
  }

  static void target(String glob, String path) {
    PathGlob g;
    try {
      g = PathGlob.compile(glob);
    } catch (IllegalArgumentException refused) {
      return;
    }
    boolean matches = g.matches(path);
    // the oracle reads every segment literally: it knows no escapes, no sets, no empty braces, and does not fold
    // "." and ".." (PathGlob does, after brace expansion)
    // ... and, being a backtracking regex, it is compared only where it answers in polynomial time: at most three
    // stars and a path of at most 64 characters (a fuzzed glob of many stars against a long path never returned)
    if (path.startsWith("/") && path.length() <= 64 && glob.chars().filter(c -> c == '*').count() <= 3
        && !glob.contains("\\") && !glob.contains("[") && glob.startsWith("/")
        && !glob.contains("{}") && GlobRegexOracle.expandBraces(glob).stream()
            .noneMatch(alt -> DOT_SEGMENT.matcher(alt).matches())) {
      assertThat(matches).as("glob " + glob + " on " + path).isEqualTo(GlobRegexOracle.matches(glob, path, false));
    }
  }
}
