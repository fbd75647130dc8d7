package dev.agentguard.examples.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpringAiDemoTest {

  @Test
  void theDemoShowsOneAllowedCallAndTwoRefusals() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SpringAiDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("read_file -> - ship the release notes")
        .contains("read_file -> Tool call refused by agent-guard (rule filesystem.deny-glob)")
        .contains("write_file -> Tool call refused by agent-guard (rule filesystem.protected)");
  }
}
