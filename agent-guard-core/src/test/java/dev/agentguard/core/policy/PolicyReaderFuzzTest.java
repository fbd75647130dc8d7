package dev.agentguard.core.policy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the policy reader: any text, as YAML or JSON, either loads or fails with the
 * documented {@link PolicyException}; nothing else escapes.
 */
class PolicyReaderFuzzTest {

  /** Five seconds when fuzzed from an IDE; the Maven build sets the length (fuzz.seconds). */
  @FuzzTest(maxDuration = "5s")
  void fuzz(FuzzedDataProvider data) {
    target(data.consumeBoolean(), data.consumeRemainingAsString());
  }

  static void target(boolean json, String text) {
    try {
      PolicyLoader.parse(text, "fuzz.yaml", json ? PolicyLoader.Format.JSON : PolicyLoader.Format.YAML);
    } catch (PolicyException documented) {
      // the refusal the reader documents
    }
  }
}
