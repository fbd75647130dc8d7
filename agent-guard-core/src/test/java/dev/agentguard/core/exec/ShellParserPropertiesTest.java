package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.fixtures.CommandFixtures;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class ShellParserPropertiesTest {

  private static Path root;
  private static CommandCheck check;

  @BeforeContainer
  static void setUp() throws Exception {
    root = Files.createTempDirectory("shell-parser-props");
    check = CommandFixtures.check(Files.createDirectories(root.resolve("ws")),
        Files.createDirectories(root.resolve("home")));
  }

  @AfterContainer
  static void tearDown() throws Exception {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<String>> argvs() {
    Arbitrary<String> token = Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\t', '\n', '\u00e9', '\u00a0', '\u0433', '\u4e2d')
        .ofMaxLength(12);
    return token.list().ofMinSize(1).ofMaxSize(8);
  }

  /** Quotes {@code s} in one of three POSIX ways, chosen by {@code style}. */
  static String quote(String s, int style) {
    switch (style % 3) {
      case 0:
        return "'" + s.replace("'", "'\\''") + "'";
      case 1: {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
          if (c == '"' || c == '\\' || c == '$' || c == '`') {
            b.append('\\');
          }
          b.append(c);
        }
        return b.append('"').toString();
      }
      default: {
        if (s.isEmpty()) {
          return "''";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
          if (c == '\n') {
            b.append("'\n'");
          } else {
            b.append('\\').append(c);
          }
        }
        return b.toString();
      }
    }
  }

  @Property(tries = 300)
  void quotedArgvTokenizesBackToItself(@ForAll("argvs") List<String> argv, @ForAll @IntRange(max = 2) int style,
      @ForAll boolean mixStyles) {
    List<String> quoted = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      quoted.add(quote(argv.get(i), mixStyles ? style + i : style));
    }
    List<SimpleCommand> parts = ShellParser.parse(String.join(" \t ", quoted));
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).texts()).isEqualTo(argv);
    assertThat(parts.get(0).redirects()).isEmpty();
  }

  @Provide
  Arbitrary<String> commands() {
    return Arbitraries.of("ls", "git status", "echo hi", "grep -n x f", "rm -rf /", "make", "curl x",
        "git push", "/bin/rm -rf x", "sudo rm -rf /", "python3 -c x", "LD_PRELOAD=x ls", "wc -l");
  }

  @Provide
  Arbitrary<List<String>> commandLists() {
    return commands().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<String>> operatorLists() {
    return operators().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> operators() {
    return Arbitraries.of(";", "&&", "||", "|", "&", "|&", "\n", " ; ", " && ", " | ");
  }

  @Property(tries = 300)
  void compoundIsAllowedOnlyWhenEveryPartIs(
      @ForAll("commandLists") List<String> parts, @ForAll("operatorLists") List<String> ops) {
    Assume.that(!parts.isEmpty() && !ops.isEmpty());
    StringBuilder line = new StringBuilder(parts.get(0));
    boolean allAllowed = CommandFixtures.line(check, parts.get(0)).isAllow();
    boolean anyDenied = CommandFixtures.line(check, parts.get(0)).isDeny();
    for (int i = 1; i < parts.size(); i++) {
      line.append(ops.get(i % ops.size())).append(parts.get(i));
      Decision d = CommandFixtures.line(check, parts.get(i));
      allAllowed &= d.isAllow();
      anyDenied |= d.isDeny();
    }
    Decision whole = CommandFixtures.line(check, line.toString());
    assertThat(whole.isAllow()).as(line + " -> " + whole).isEqualTo(allAllowed);
    assertThat(whole.isDeny()).as(line + " -> " + whole).isEqualTo(anyDenied);
  }

  @Property(tries = 300)
  void insertingAnOperatorAnywhereNeverAllowsAForbiddenCommand(
      @ForAll @IntRange(max = 40) int at, @ForAll("operators") String op,
      @ForAll("commands") String injected) {
    String base = "git commit -m \"fix: a b\" --author x";
    int i = Math.min(at, base.length());
    int open = base.indexOf('"');
    int close = base.lastIndexOf('"');
    Assume.that(i <= open || i > close);
    String line = base.substring(0, i) + op + injected + " " + base.substring(i);
    Decision whole = CommandFixtures.line(check, line);
    if (whole.isAllow()) {
      assertThat(CommandFixtures.line(check, injected + " " + base.substring(i)).isAllow()).as(line).isTrue();
      if (!base.substring(0, i).isBlank()) {
        assertThat(CommandFixtures.line(check, base.substring(0, i)).isAllow()).as(line).isTrue();
      }
    }
    if (!CommandFixtures.line(check, injected).isAllow()) {
      assertThat(whole.verdict()).as(line + " -> " + whole).isNotEqualTo(Verdict.ALLOW);
    }
  }

  @Provide
  Arbitrary<String> disguisedRm() {
    Arbitrary<String> wrapper = Arbitraries.of("sudo", "sudo -u root", "sudo -E --", "env A=1", "env -i",
        "nohup", "timeout 5", "timeout -s KILL 5s", "nice -n 3", "nice", "time", "time -p", "exec", "command",
        "builtin", "busybox", "stdbuf -oL", "setsid", "doas", "ionice -c 3", "xargs", "xargs -0 -n 1");
    Arbitrary<String> program = Arbitraries.of("rm", "/bin/rm", "./rm", "RM", "\\rm", "r''m", "\"r\"m",
        "/usr/bin/../bin/rm", "~/bin/rm");
    Arbitrary<String> flags = Arbitraries.of("-rf", "-fr", "-r -f", "-Rf", "-f -R", "--recursive --force",
        "-rfv", "-v -rf");
    Arbitrary<String> chain = Combinators.combine(wrapper.list().ofMaxSize(4), Arbitraries.of("", "B=2 "))
        .as((ws, assignment) -> assignment + String.join(" ", ws));
    return Combinators.combine(chain, program, flags, Arbitraries.integers().between(0, 3))
        .as((c, p, f, shell) -> {
          String cmd = (c.isEmpty() ? "" : c + " ") + p + " " + f + " /";
          switch (shell) {
            case 1:
              return "bash -c " + quote(cmd, 0);
            case 2:
              return "ls && sh -lc " + quote("true; " + cmd, 1);
            default:
              return cmd;
          }
        });
  }

  @Property(tries = 300)
  void forbiddenCommandIsDeniedThroughAnyDisguise(@ForAll("disguisedRm") String line) {
    Decision d = CommandFixtures.line(check, line);
    assertThat(d.verdict()).as(line + " -> " + d).isEqualTo(Verdict.DENY);
    assertThat(d.rule()).as(line + " -> " + d).isEqualTo("commands[rm -rf]");
  }

  @Property(tries = 300)
  void controlCharactersAreAlwaysDenied(@ForAll("commands") String cmd, @ForAll @IntRange(max = 0x9f) int c,
      @ForAll @IntRange(max = 20) int at) {
    Assume.that(Character.isISOControl(c) && c != '\t' && c != '\n');
    int i = Math.min(at, cmd.length());
    String line = cmd.substring(0, i) + (char) c + cmd.substring(i);
    assertThat(CommandFixtures.line(check, line).rule()).isEqualTo("command.control-character");
  }

  @Provide
  Arbitrary<String> oracleLines() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of('a', 'b', ' ', '-', '.', '/', '=', '*', '?', '\t', '#',
            '\u00e9', '\u00a0')),
        net.jqwik.api.Tuple.of(1, Arbitraries.of('\'', '"', '\\')))
        .list().ofMaxSize(16).map(cs -> cs.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining()));
  }

  /** The tokenizer agrees with a real POSIX shell (dash, globbing off) on quote removal and word splitting. */
  @Property(tries = 120)
  void tokenizerAgreesWithDash(@ForAll("oracleLines") String words) throws Exception {
    Path dash = Path.of("/usr/bin/dash");
    Assume.that(Files.isExecutable(dash));
    List<String> ours;
    try {
      List<SimpleCommand> parts = ShellParser.parse("X " + words);
      assertThat(parts).hasSize(1);
      ours = parts.get(0).texts();
    } catch (ShellRejection e) {
      assertThat(e.rule()).isEqualTo("command.unbalanced-quote");
      net.jqwik.api.statistics.Statistics.collect("rejected");
      return;
    }
    net.jqwik.api.statistics.Statistics.collect("compared");
    List<String> theirs = runDash(dash, "set -f; printf '%s\\0' X " + words);
    assertThat(ours).as("line: [" + words + "]").isEqualTo(theirs);
  }

  private static List<String> runDash(Path dash, String script) throws Exception {
    Process p = new ProcessBuilder(dash.toString(), "-c", script).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      out = buf.toByteArray();
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("dash exit for " + script).isZero();
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        words.add(new String(out, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return words;
  }

  @Property(tries = 200)
  void parserNeverCrashes(@ForAll String anything) {
    try {
      ShellParser.parse(anything);
    } catch (ShellRejection e) {
      assertThat(e.rule()).startsWith("command.");
    }
    Decision d = CommandFixtures.line(check, anything);
    assertThat(d.reason()).isNotNull();
  }

  @Property(tries = 100)
  void unbalancedQuotesAreRejected(@ForAll("argvs") List<String> argv, @ForAll boolean single) {
    String line = String.join(" ", argv.stream().map(a -> quote(a, 0)).toList()) + (single ? " '" : " \"");
    assertThatThrownBy(() -> ShellParser.parse(line)).isInstanceOf(ShellRejection.class);
  }
}
