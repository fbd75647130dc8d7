package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README stays short and shows the demo's real output and compiled code (CitedFilesTest: self-contained). */
class ReadmeTest {

  private static final Path ROOT = RepositoryFiles.root();

  private static String readme() throws Exception {
    return Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The fenced block right after the line that starts with {@code marker}. */
  private static String blockAfter(String text, String marker) {
    int at = text.indexOf(marker);
    assertThat(at).as("README has a line starting with " + marker).isNotNegative();
    int open = text.indexOf("```", at);
    int start = text.indexOf('\n', open) + 1;
    int end = text.indexOf("\n```", start);
    return text.substring(start, end + 1);
  }

  @Test
  void theDemoOutputIsTheDemosRealOutput() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      GuardDemo.run(new String[0], out);
    }
    String real = bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    assertThat(blockAfter(readme(), "<!-- demo-output")).isEqualTo(real.stripTrailing() + "\n");
  }

  @Test
  void theJavaExamplesAreTheCompiledSources() throws Exception {
    String readme = readme();
    for (String name : List.of("QuickStartExample.java", "GuardedAssistant.java")) {
      String source = Files.readString(ROOT.resolve(
          "examples/src/main/java/dev/agentguard/examples/readme/" + name), StandardCharsets.UTF_8);
      String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();
      assertThat(readme).as(name + " appears verbatim in the README").contains("```java\n" + withoutPackage + "```");
    }
  }

  @Test
  void theReadmeIsShortAndSelfContained() throws Exception {
    String readme = readme();
    assertThat(readme.split("\n", -1).length - 1).as("README lines").isLessThanOrEqualTo(250);
    assertThat(readme).contains("mvn -B verify").contains("java -jar examples/target/agent-guard-examples.jar")
        .contains("agent-guard-bom").contains("AgentGuardTools.wrap");
  }
}
