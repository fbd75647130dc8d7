package dev.agentguard.examples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The offline LangChain4j demo runs end to end: two refusals reach the model and it still answers. */
class LangChain4jDemoTest {

  @Test
  void modelSeesRefusalsAndFinishes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LangChain4jDemo.run(new String[0], new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("[c1 read_file] # demo project");
    assertThat(out).contains("[c2 fetch_url] ERROR Tool call refused by agent-guard (rule network.");
    assertThat(out).contains("[c3 run_command] exit 0: README.md");
    assertThat(out).contains("[c4 run_command] ERROR Tool call refused by agent-guard (rule commands[rm -rf])");
    assertThat(out).contains("final answer: Done.");
  }
}
