package dev.agentguard.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link PathGlob}: compiling throws only {@link IllegalArgumentException} (the
 * documented refusal of a bad glob); matching never throws and agrees with an independent regex oracle.
 */
class PathGlobFuzzTest {

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
    if (path.startsWith("/") && !glob.contains("\\") && !glob.contains("[") && glob.startsWith("/")) {
      assertThat(matches).as("glob " + glob + " on " + path).isEqualTo(GlobRegexOracle.matches(glob, path, false));
    }
  }
}
