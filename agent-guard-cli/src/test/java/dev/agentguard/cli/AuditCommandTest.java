package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.ops.audit.AuditLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new AuditCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path writeLog(int calls, boolean close) throws Exception {
    Path log = dir.resolve("audit.log");
    AuditLog audit = AuditLog.open(log);
    for (int i = 0; i < calls; i++) {
      audit.onEvent(new GuardEvent.CallStarted(ToolCall.of("read_file", "{\"path\":\"a" + i + "\"}"), Instant.now()));
    }
    if (close) {
      audit.close();
    }
    return log;
  }

  @Test
  void intactLogPrintsOkAndExitsZero() throws Exception {
    Path log = writeLog(3, true);
    assertThat(run("verify", log.toString())).isZero();
    assertThat(out.toString()).startsWith("ok: 5 records");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void brokenRecordIsNamedAndExitsOne() throws Exception {
    Path log = writeLog(3, true);
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    lines.set(2, lines.get(2).replace("a1", "b1"));
    Files.write(log, lines);
    assertThat(run("verify", log.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("audit.log:3: ").contains("hash");
  }

  @Test
  void unsealedLogIsOkUnlessSealedIsRequired() throws Exception {
    Path log = writeLog(2, false);
    assertThat(run("verify", log.toString())).isZero();
    assertThat(out.toString()).contains("ok: 3 records").contains("not sealed");
    assertThat(run("verify", "--sealed", log.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("not sealed");
  }

  @Test
  void missingFileAndMissingArgumentExitTwo() {
    assertThat(run("verify", dir.resolve("nope.log").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
    assertThat(run("verify")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
  }

  @Test
  void helpListsExitCodes() {
    assertThat(run("verify", "--help")).isZero();
    assertThat(out.toString()).contains("Exit codes").contains("FILE");
  }
}
