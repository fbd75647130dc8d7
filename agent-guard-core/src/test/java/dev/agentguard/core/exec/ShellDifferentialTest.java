package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Differential test of {@link ShellParser} against the real shells: jqwik generates command lines (quotes,
 * escapes, line continuations, expansions, operators, redirections, heredocs, comments, unicode); for every line
 * the parser accepts, what it says each simple command's argv is, and which files its redirections create, must
 * be exactly what {@code dash} and {@code bash} run and create. The shells run the lines in a throwaway
 * directory, with an empty {@code PATH} and no network; the only command is a function {@code rec} that writes
 * its arguments NUL-separated to a file of its own process, so every argv the shell really produced is recorded.
 */
class ShellDifferentialTest {

  static final String HOME = "/nonexistent-home";
  static final AtomicInteger CASES = new AtomicInteger();
  static final AtomicInteger ACCEPTED = new AtomicInteger();
  static final AtomicInteger EXACT = new AtomicInteger();

  @AfterContainer
  static void report() {
    System.out.println("ShellDifferentialTest: " + CASES.get() + " generated command lines, " + ACCEPTED.get()
        + " accepted by the parser and compared with dash and bash, " + EXACT.get() + " shell runs compared exactly");
  }

  @Property(tries = 8, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void parserAgreesWithDashAndBash(@ForAll("lines") @Size(min = 40, max = 80) List<String> lines) throws Exception {
    List<String> accepted = new ArrayList<>();
    List<List<List<String>>> expectedDash = new ArrayList<>();
    List<List<List<String>>> expectedBash = new ArrayList<>();
    List<TreeSet<String>> expectedFiles = new ArrayList<>();
    List<Boolean> allRec = new ArrayList<>();
    for (String line : lines) {
      CASES.incrementAndGet();
      List<SimpleCommand> parts;
      try {
        parts = ShellParser.parse(line);
      } catch (ShellRejection e) {
        continue;
      }
      if (!comparable(parts)) {
        continue;
      }
      accepted.add(line);
      expectedDash.add(argvs(parts, false));
      expectedBash.add(argvs(parts, true));
      expectedFiles.add(files(parts));
      allRec.add(parts.stream().allMatch(sc -> sc.words().stream().filter(w -> !w.isAssignment()).findFirst()
          .map(w -> w.text().equals("rec")).orElse(false)));
    }
    ACCEPTED.addAndGet(accepted.size());
    if (accepted.isEmpty()) {
      return;
    }
    for (String shell : List.of("dash", "bash")) {
      List<Outcome> got = run(shell, accepted);
      for (int i = 0; i < accepted.size(); i++) {
        String line = accepted.get(i);
        List<String> ran = sorted(got.get(i).argvs);
        List<String> predicted = sorted((shell.equals("bash") ? expectedBash : expectedDash).get(i));
        // Nothing may run that the parser did not predict; a part after a failing one (&&, a program that is not
        // rec) may not run at all, so equality is required only when every part runs rec.
        assertThat(predicted).as(shell + " runs an argv the parser did not predict for: " + show(line))
            .containsAll(ran);
        assertThat(expectedFiles.get(i)).as(shell + " creates a file the parser did not predict for: " + show(line))
            .containsAll(got.get(i).files);
        if (allRec.get(i) && (shell.equals("bash") || !line.contains("&>") && !line.contains("|&"))) {
          assertThat(ran).as(shell + " runs a different argv for: " + show(line)).isEqualTo(predicted);
          assertThat(got.get(i).files).as(shell + " creates different files for: " + show(line))
              .isEqualTo(expectedFiles.get(i));
          EXACT.incrementAndGet();
        }
      }
    }
  }

  /** Lines whose argv depends on the files present (an unquoted glob next to a redirection) are not compared. */
  private static boolean comparable(List<SimpleCommand> parts) {
    boolean glob = false;
    boolean redirect = false;
    for (SimpleCommand sc : parts) {
      redirect |= !sc.redirects().isEmpty();
      for (ShellWord w : sc.words()) {
        glob |= w.hasGlob();
        if (w.startsWithTilde() && !w.text().equals("~") && !w.text().startsWith("~/")
            || w.hasOtherAssignmentTilde()) {
          return false; // ~user, a=~0: refused by the command check before any shell sees it
        }
        if (w.isAssignment() && w.firstEmptyQuote() >= 0 && w.text().indexOf('~') > 0) {
          return false; // a=~"": an empty quote in a tilde-prefix stops bash's expansion; the word keeps no trace
        }
      }
    }
    return !(glob && redirect);
  }

  /**
   * The argvs the parser predicts. Bash (outside POSIX mode) also expands an unquoted {@code ~} after the first
   * {@code =} and after each {@code :} of an argument that has the form of an assignment ({@code a=~/x}); dash
   * does not. The command check judges such a value under both readings.
   */
  private static List<List<String>> argvs(List<SimpleCommand> parts, boolean bash) {
    List<List<String>> out = new ArrayList<>();
    for (SimpleCommand sc : parts) {
      List<String> argv = new ArrayList<>();
      boolean assignments = true;
      for (ShellWord w : sc.words()) {
        if (assignments && w.isAssignment()) {
          continue;
        }
        assignments = false;
        String t = w.text();
        if (w.startsWithTilde()) {
          t = HOME + t.substring(1);
        } else if (bash && w.isAssignment()) {
          t = assignmentTildes(w);
        }
        argv.add(t);
      }
      if (!argv.isEmpty() && argv.get(0).equals("rec")) {
        out.add(argv.subList(1, argv.size()));
      }
    }
    return out;
  }

  private static String assignmentTildes(ShellWord w) {
    String t = w.text();
    StringBuilder out = new StringBuilder();
    boolean afterEquals = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean start = afterEquals && i > 0 && !w.isQuoted(i - 1)
          && (t.charAt(i - 1) == ':' || t.charAt(i - 1) == '=' && t.indexOf('=') == i - 1);
      if (c == '~' && !w.isQuoted(i) && start && (i + 1 == t.length() || !w.isQuoted(i + 1)
          && (t.charAt(i + 1) == '/' || t.charAt(i + 1) == ':'))) {
        out.append(HOME);
      } else {
        out.append(c);
      }
      afterEquals |= c == '=' && !w.isQuoted(i);
    }
    return out.toString();
  }

  private static TreeSet<String> files(List<SimpleCommand> parts) {
    TreeSet<String> out = new TreeSet<>();
    for (SimpleCommand sc : parts) {
      for (SimpleCommand.Redirect r : sc.redirects()) {
        if (!r.operator().startsWith("<") && !r.operator().endsWith("&") && !r.target().text().startsWith("/")) {
          out.add(r.target().text());
        }
      }
    }
    return out;
  }

  private static List<String> sorted(List<List<String>> argvs) {
    return argvs.stream().map(a -> String.join("\u0000", a)).sorted().collect(Collectors.toList());
  }

  private static String show(String line) {
    return line.replace("\n", "\\n");
  }

  /** What one line did in a real shell. */
  record Outcome(List<List<String>> argvs, TreeSet<String> files) {}

  static List<Outcome> run(String shell, List<String> lines) throws IOException, InterruptedException {
    Path base = Files.createTempDirectory("agent-guard-differential");
    try {
      Path empty = Files.createDirectories(base.resolve("empty-path"));
      StringBuilder script = new StringBuilder();
      script.append("R=$(printf '\\001')\n");
      // Each process appends its records to a file of its own: bash's printf flushes at every newline, so two
      // parts of a pipeline writing one file could interleave a record that holds a newline.
      script.append("rec() { printf '%s\\0' \"$@\" \"$R\" >>\"$rec_out.${BASHPID:-0}\"; }\n");
      for (int i = 0; i < lines.size(); i++) {
        Files.createDirectories(base.resolve("c" + i));
        // each line in its own subshell, writing to its own record files, and waited for
        script.append("cd '").append(base.resolve("c" + i)).append("' && ( rec_out='").append(base.resolve("o" + i))
            .append("'; eval '").append(lines.get(i).replace("'", "'\\''"))
            .append("\n'\nwait ) </dev/null >/dev/null 2>&1\n");
      }
      Path file = base.resolve("script.sh");
      Files.writeString(file, script.toString(), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      if (UNSHARE) {
        command.addAll(List.of("unshare", "-rn"));
      }
      command.addAll(List.of("/usr/bin/" + shell, file.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> env = pb.environment();
      env.clear();
      env.putAll(Map.of("PATH", empty.toString(), "HOME", HOME, "LC_ALL", "C.UTF-8"));
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(shell + " did not finish");
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        List<List<String>> argvs = new ArrayList<>();
        StringBuilder written = new StringBuilder();
        String prefix = "o" + i + ".";
        try (Stream<Path> s = Files.list(base)) {
          for (Path o : s.filter(f -> f.getFileName().toString().startsWith(prefix)).collect(Collectors.toList())) {
            written.append(Files.readString(o, StandardCharsets.UTF_8));
          }
        }
        String c = written.toString();
        String[] records = c.split("\u0001\u0000", -1);
        for (int k = 0; k < records.length - 1; k++) {
          List<String> argv = new ArrayList<>(List.of(records[k].split("\u0000", -1)));
          argv.remove(argv.size() - 1);
          argvs.add(argv);
        }
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(base.resolve("c" + i))) {
          s.forEach(f -> files.add(f.getFileName().toString()));
        }
        outcomes.add(new Outcome(argvs, files));
      }
      return outcomes;
    } finally {
      deleteTree(base);
    }
  }

  static final boolean UNSHARE = works("unshare", "-rn", "true");

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void deleteTree(Path base) throws IOException {
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<List<String>> lines() {
    return line().list();
  }

  static Arbitrary<String> line() {
    Arbitrary<String> part = Combinators.combine(
        Arbitraries.of("", "", "", "A=1 ", "A='x y' ", "B=$ "),
        program(),
        word().list().ofMaxSize(4).map(ws -> ws.stream().map(w -> " " + w).collect(Collectors.joining())),
        Arbitraries.of("", "", "", " > f1", " >> f2", " 2>f3", " >|f4", " 2>&1", " < /dev/null", " &>f5",
            " <<EOF\nx\nEOF", " <<<x", " # c ; rec z", " #c\\", " >f\\\n6"))
        .as((a, p, ws, r) -> a + p + ws + r);
    Arbitrary<String> separator = Arbitraries.of(" ; ", ";", " && ", " | ", "\n", " & ", " |& ", "\\\n; ",
        " &&\\\n", " ;\n\n");
    return Combinators.combine(part.list().ofMinSize(1).ofMaxSize(3), separator.list().ofSize(2))
        .as((parts, seps) -> {
          StringBuilder b = new StringBuilder(parts.get(0));
          for (int i = 1; i < parts.size(); i++) {
            b.append(seps.get(i - 1)).append(parts.get(i));
          }
          return b.toString();
        });
  }

  static Arbitrary<String> program() {
    return Arbitraries.of("rec", "rec", "'rec'", "\"rec\"", "r\\ec", "r\\\nec", "\"r\"ec", "re'c'", "r\"e\\\n\"c",
        "rec\\\n", "\\\nrec", "r\\\n\\\nec", "r'e\\\n'c", "re\\c", "$'rec'", "r${x}ec", "\\rec", "rec\\ ");
  }

  static Arbitrary<String> word() {
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abz09._/-=:,%+@").ofMinLength(1).ofMaxLength(4),
        Arbitraries.strings().withChars("ab $;|&<>()`\"\\\n\t*~#{}é中\u00a0").ofMaxLength(5).map(s -> "'" + s + "'"),
        dq(),
        Arbitraries.strings().withChars("a $;|&<>()`'\"\\\n\t*?~#{}é中!").ofLength(1).map(s -> "\\" + s),
        Arbitraries.of("$", "$ ", "${x}", "$x", "$1", "$?", "$(rec y)", "`rec y`", "$((1+1))", "$[1]", "\\\n",
            "~", "~/a", "~root", "*", "?", "[ab]", "{a,b}", "{1..2}", "é", "中", "😀", "\u00a0", "#", "a#b",
            "=", "a=~", "x=~/b", "!", "\\$", "$\\\n(rec p)", "\"$\\\n(rec q)\"", "$\\\n{x}", "'$\\\n(y)'",
            "<(rec a)", "\t"));
    return fragment.list().ofMinSize(1).ofMaxSize(3).map(fs -> String.join("", fs));
  }

  static Arbitrary<String> dq() {
    Arbitrary<String> inner = Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab ;|&<>()'*~#{}é\t").ofMaxLength(4),
        Arbitraries.of("\\\"", "\\\\", "\\$", "\\`", "\\\n", "\\a", "$", "$ ", "${x}", "$(rec y)", "`rec y`", "\n",
            "$\\\n(rec r)", "\\\n$"));
    return inner.list().ofMaxSize(3).map(fs -> "\"" + String.join("", fs) + "\"");
  }
}
