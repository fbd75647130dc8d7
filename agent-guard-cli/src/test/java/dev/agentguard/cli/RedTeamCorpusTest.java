package dev.agentguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The red-team corpus: batches of adversarial calls under src/test/resources/redteam, each line carrying the
 * decision it must get in an {@code expect} field ({@code allow}, {@code ask}, {@code deny}; {@code notallow} when
 * ask and deny are both safe; {@code notallow-or-allow} when only a crash or a missing line would be wrong). A line
 * that is not a JSON object (by a strict reading: no trailing content) must get a deny. Every batch runs through
 * {@link Main#run} in-process against a workspace built here, with real symlinks, and must exit 0 with one output
 * line per non-blank input line, in input order.
 *
 * <p>Placeholders in the batches: {@code @WS@} the workspace, {@code @SIB@} its sibling {@code app_evil} (a
 * string-prefix trap), {@code @HOME@} the home directory, {@code @BIG10M@} ten MiB of {@code a}.
 */
class RedTeamCorpusTest {

  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** DNS answers for every batch: names that lead to private and metadata addresses, and a few public ones. */
  private static final List<String> RESOLVE = List.of(
      "127.0.0.1.nip.io=127.0.0.1", "evil.example.com=169.254.169.254", "rebind.example.com=93.184.216.34,10.0.0.1",
      "good.example.com=93.184.216.34", "api.github.com=140.82.112.5", "metadata.google.internal=169.254.169.254",
      "localtest.me=127.0.0.1", "v6.example.com=::1", "mapped.example.com=::ffff:127.0.0.1",
      "nat64.example.com=64:ff9b::a9fe:a9fe", "public.example.org=93.184.216.34", "x.example.org=93.184.216.35",
      "unknown-public.com=93.184.216.36", "10.20.0.1.nip.io=10.20.0.1", "192.168.1.1.xip.io=192.168.1.1",
      "a0.example.com=0.0.0.0", "a1.example.com=100.64.0.1", "a2.example.com=198.18.0.1",
      "a6.example.com=::ffff:169.254.169.254", "a7.example.com=fd00:ec2::254", "a8.example.com=192.0.0.192",
      "b2.example.com=64:ff9b:1::a9fe:a9fe", "b3.example.com=2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "b4.example.com=::a9fe:a9fe", "b5.example.com=2002:a9fe:a9fe::1", "b6.example.com=fe80::1",
      "b8.example.com=93.184.216.34", "b9.example.com=127.0.0.2");

  @TempDir Path base;
  Path ws;
  Path sibling;
  Path home;

  @BeforeEach
  void workspace() throws IOException {
    ws = Files.createDirectories(base.resolve("ws/app"));
    sibling = Files.createDirectories(base.resolve("ws/app_evil"));
    home = Files.createDirectories(base.resolve("home"));
    for (String d : List.of("src", ".git/hooks", "out", "sub")) {
      Files.createDirectories(ws.resolve(d));
    }
    Files.createDirectories(home.resolve(".ssh"));
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(ws.resolve("README.md"), "r");
    files.put(ws.resolve("src/main.py"), "p");
    files.put(ws.resolve(".env"), "SECRET");
    files.put(ws.resolve(".git/config"), "c");
    files.put(ws.resolve(".git/hooks/pre-commit"), "h");
    files.put(sibling.resolve("secret.txt"), "s");
    files.put(home.resolve(".ssh/id_rsa"), "k");
    files.put(home.resolve(".bashrc"), "b");
    for (Map.Entry<Path, String> e : files.entrySet()) {
      Files.writeString(e.getKey(), e.getValue());
    }
    Map<String, String> links = new LinkedHashMap<>();
    links.put("link_etc", "/etc");
    links.put("link_passwd", "/etc/passwd");
    links.put("link_home", home.toString());
    links.put("link_ssh", home.resolve(".ssh").toString());
    links.put("link_env", ws.resolve(".env").toString());
    links.put("env_alias", ".env");
    links.put("dangling_out", base.resolve("outside-new.txt").toString());
    links.put("dangling_in", ws.resolve("new-in.txt").toString());
    links.put("sub/up", "..");
    links.put("sub/upup", "../..");
    links.put("link_sib", sibling.toString());
    links.put("hooks_link", ".git/hooks");
    links.put("loop1", "loop2");
    links.put("loop2", "loop1");
    links.put("out_link", ws.resolve("out").toString());
    links.put("dangling_dir", base.resolve("nodir/sub").toString());
    for (Map.Entry<String, String> e : links.entrySet()) {
      Files.createSymbolicLink(ws.resolve(e.getKey()), Path.of(e.getValue()));
    }
    // a hard link to a protected file outside the workspace
    Files.createLink(ws.resolve("hl_bashrc"), home.resolve(".bashrc"));
  }

  @Test
  void designExamplePolicy() throws Exception {
    run("p1-design-example.yaml", "p1-design-example.jsonl");
  }

  @Test
  void malformedLinesEachGetOneDenyAndTheBatchGoesOn() throws Exception {
    run("p1-design-example.yaml", "p1-malformed.jsonl");
  }

  @Test
  void nonUtf8LinesEachGetOneDenyAndTheBatchGoesOn() throws Exception {
    run("p1-design-example.yaml", "p1-non-utf8.jsonl");
  }

  @Test
  void trailingContentMakesALineMalformed() throws Exception {
    run("p1-design-example.yaml", "p1-trailing-content.jsonl");
  }

  @Test
  void askOutsidePolicy() throws Exception {
    run("p2-ask-outside.yaml", "p2-ask-outside.jsonl");
  }

  @Test
  void readOnlyStrictPolicy() throws Exception {
    run("p3-readonly-strict.yaml", "p3-readonly-strict.jsonl");
  }

  @Test
  void toolRulesNeverOverrideResourceChecks() throws Exception {
    run("p4-tool-rules.yaml", "p4-tool-rules.jsonl");
  }

  private void run(String policy, String batch) throws Exception {
    byte[] raw = Files.readAllBytes(resource(batch));
    // ISO-8859-1 maps bytes one to one, so non-UTF-8 bytes survive the substitution
    String text = new String(raw, StandardCharsets.ISO_8859_1)
        .replace("@WS@", ws.toString())
        .replace("@SIB@", sibling.toString())
        .replace("@HOME@", home.toString())
        .replace("@BIG10M@", "a".repeat(10 * 1024 * 1024));
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    Path calls = base.resolve(batch);
    Files.write(calls, bytes);

    List<String> args = new ArrayList<>(List.of("check", "--policy", resource(policy).toString(),
        "--calls", calls.toString(), "--workspace", ws.toString(), "--home", home.toString()));
    for (String r : RESOLVE) {
      args.add("--resolve");
      args.add(r);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args.toArray(new String[0]), o, e);
    }
    assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();

    List<String> inputs = lines(new String(bytes, StandardCharsets.UTF_8));
    List<String> outputs = lines(out.toString(StandardCharsets.UTF_8));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      JsonNode call = parse(in);
      String expect = call != null && call.isObject() && call.path("expect").isTextual()
          ? call.get("expect").textValue() : "deny";
      if (i >= outputs.size()) {
        failures.add("missing output for input line " + (i + 1) + ": " + shorten(in));
        continue;
      }
      JsonNode result = STRICT.readTree(outputs.get(i));
      String got = result.path("decision").asText();
      if (call != null && call.isObject() && call.path("id").isTextual()
          && !call.get("id").textValue().equals(result.path("id").asText())) {
        failures.add("line " + (i + 1) + ": output id " + result.path("id") + " is not " + call.get("id"));
      }
      if (!accepts(expect, got)) {
        failures.add("line " + (i + 1) + ": expected " + expect + ", got " + got + " (" + result.path("rule").asText()
            + ": " + shorten(result.path("reason").asText()) + ") for " + shorten(in));
      }
    }
    assertThat(outputs).as("one output line per input line").hasSize(inputs.size());
    assertThat(failures).as("%s: %d cases", batch, inputs.size()).isEmpty();
  }

  private static boolean accepts(String expect, String got) {
    switch (expect) {
      case "notallow":
        return got.equals("ask") || got.equals("deny");
      case "notallow-or-allow":
        return got.equals("ask") || got.equals("deny") || got.equals("allow");
      default:
        return expect.equals(got);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return STRICT.readTree(line);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Splits as the CLI reads: {@code \n}, {@code \r} or {@code \r\n}; blank lines are not calls. */
  private static List<String> lines(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = RedTeamCorpusTest.class.getResource("/redteam/" + name);
    assertThat(url).as("resource %s", name).isNotNull();
    return Path.of(url.toURI());
  }
}
