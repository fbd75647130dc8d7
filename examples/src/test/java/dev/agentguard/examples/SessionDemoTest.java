package dev.agentguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The session demo shows what docs/session.md promises: trifecta stopped, loop stopped, secret masked. */
class SessionDemoTest {

  @Test
  void theTrifectaAndTheLoopAreStoppedAndTheSecretNeverReachesTheModel() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SessionDemo.run(new String[0], new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("approval requested by session.lethal-trifecta")
        .contains("call s1 read_file").contains("call s2 fetch")
        .contains("refused (session.repeated-call)")
        .contains("aws_access_key_id = [REDACTED]")
        .doesNotContain("AKIAIOSFODNN7EXAMPLE")
        .contains("session demo finished");
    assertThat(out.indexOf("s3 http_post")).isLessThan(out.indexOf("refused (approval.denied)"));
  }
}
