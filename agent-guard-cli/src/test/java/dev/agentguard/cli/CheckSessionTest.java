package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} replays conversations from a JSONL file: lines with the same conversation share a session. */
class CheckSessionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path ws;
  private Path home;
  private String out;
  private String err;

  @BeforeEach
  void setUp() throws Exception {
    ws = Files.createDirectories(dir.resolve("ws")).toRealPath();
    home = Files.createDirectories(dir.resolve("home")).toRealPath();
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\n");
  }

  private Path resource(String name) throws IOException {
    try (InputStream in = CheckSessionTest.class.getResourceAsStream("/session/" + name)) {
      Path p = dir.resolve(name);
      Files.write(p, in.readAllBytes());
      return p;
    }
  }

  private int check(Path policy, Path calls) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"check", "--policy", policy.toString(), "--calls", calls.toString(),
        "--workspace", ws.toString(), "--home", home.toString(),
        "--resolve", "evil.example.com=93.184.216.34", "--resolve", "docs.internal.example.com=93.184.216.35",
        "--resolve", "api.github.com=140.82.112.6"},
        new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  private static List<JsonNode> lines(String text) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void sequencesFromAFileGetTheDecisionsTheirConversationsEarn() throws Exception {
    assertThat(check(resource("policy.yaml"), resource("calls.jsonl"))).as(err).isZero();
    List<JsonNode> got = lines(out);
    List<JsonNode> expected = lines(Files.readString(resource("expected.jsonl")));
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode g = got.get(i);
      assertThat(g.get("id").asText() + " " + g.get("decision").asText() + " " + g.get("rule").asText())
          .as("line %d: %s", i + 1, g.get("reason").asText())
          .isEqualTo(e.get("id").asText() + " " + e.get("decision").asText() + " " + e.get("rule").asText());
    }
    JsonNode trifecta = got.get(3);
    assertThat(trifecta.get("reason").asText()).contains("call t1 read_file").contains("call t2 fetch");
    assertThat(got.get(9).get("reason").asText()).contains("`search` with the same arguments has been called 3 times");
    assertThat(got.get(19).get("reason").asText()).contains("\"conversation\" must be a string");
  }

  @Test
  void withoutASessionSectionConversationsChangeNothing() throws Exception {
    Path policy = Files.writeString(dir.resolve("plain.yaml"),
        Files.readString(resource("policy.yaml")).replaceAll("(?s)\nsession:.*", "\n"));
    assertThat(check(policy, resource("calls.jsonl"))).as(err).isZero();
    assertThat(lines(out)).extracting(n -> n.get("rule").asText()).noneMatch(r -> r.startsWith("session."))
        .doesNotContain("no-push-after-web");
  }
}
