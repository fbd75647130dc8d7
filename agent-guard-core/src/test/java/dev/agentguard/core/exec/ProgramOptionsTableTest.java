package dev.agentguard.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentguard.api.Decision;
import dev.agentguard.api.Resource;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.exec.ProgramOptions.Argument;
import dev.agentguard.core.exec.ProgramOptions.Effect;
import dev.agentguard.core.exec.ProgramOptions.Row;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per row of {@code program-options.tsv}: the row's option, written as the program parses it (and, for
 * a long option that matters, as an abbreviation getopt_long accepts), does what the row says under a policy that
 * allows the program by name. The oracle for a harmless row is the same command without the option.
 */
class ProgramOptionsTableTest {

  @TempDir static Path root;
  static CommandCheck check;

  /** Programs the test policy allows by name; their subcommands are allowed through them. */
  @BeforeAll
  static void setUp() throws Exception {
    Path ws = Files.createDirectories(root.resolve("ws"));
    Path home = Files.createDirectories(root.resolve("home"));
    GuardEnvironment env = new GuardEnvironment(ws, home, ws.resolve("tmp"));
    FileSystemRules fs = new FileSystemRules(
        List.of(new FileSystemRules.Root("${workspace}", FileSystemRules.RootAccess.READ_WRITE)),
        List.of("**/.env"), Verdict.DENY, List.of());
    Set<String> programs = new LinkedHashSet<>();
    for (Row r : ProgramOptions.table().rows()) {
      for (String name : r.program()) {
        programs.add(name.contains(":") ? name.substring(0, name.indexOf(':')) : name);
      }
    }
    programs.add("echo");
    List<CommandRule> rules = new ArrayList<>();
    for (String p : programs) {
      rules.add(CommandRule.of(List.of(p), Verdict.ALLOW));
    }
    rules.add(CommandRule.of(List.of("rm", "-rf"), Verdict.DENY));
    check = new CommandCheck(new CommandRules(rules, Verdict.ASK), new FileSystemCheck(fs, env),
        GuardLimits.DEFAULTS);
  }

  static Stream<Arguments> rows() {
    List<Arguments> out = new ArrayList<>();
    for (Row r : ProgramOptions.table().rows()) {
      out.add(Arguments.of(String.join(" ", r.program()) + " " + String.join("|", r.spellings()), r));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void rowDoesWhatItSays(String name, Row row) {
    String program = row.program().get(0).replace(':', ' ');
    for (String spelling : spellings(row)) {
      Effect effect = row.option().effect();
      String value = valueFor(row.option().argument(), effect);
      String with = command(program, spelling, row.spellings().get(0), row.option().argument(), value);
      Decision d = decide(with);
      switch (effect) {
        case RUN, NET, EXACT, DELETE -> assertThat(d.verdict()).as(with + " -> " + d).isNotEqualTo(Verdict.ALLOW);
        case READ, WRITE, ARCHIVE, INPLACE, CREATE, SUB ->
            assertThat(d.verdict()).as(with + " -> " + d).isEqualTo(Verdict.DENY);
        case READONLY -> assertThat(d.verdict()).as(with + " -> " + d).isEqualTo(Verdict.ALLOW);
        default -> {
          String without = command(program, null, null, Argument.NONE, null);
          assertThat(d.verdict()).as(with + " -> " + d + " against " + without)
              .isEqualTo(decide(without).verdict());
        }
      }
    }
  }

  /** The row's first spelling, and an abbreviation of its first long spelling when the row is not harmless. */
  private static List<String> spellings(Row row) {
    List<String> out = new ArrayList<>(List.of(row.spellings().get(0)));
    boolean gnu = ProgramOptions.table().program(row.program().get(0).split(":")[0]).orElseThrow().style()
        != ProgramOptions.Style.WORDS;
    for (String s : row.spellings()) {
      if (gnu && s.startsWith("--") && s.length() > 6 && row.option().effect() != Effect.NONE
          && row.option().effect() != Effect.READONLY) {
        out.add(s.substring(0, s.length() - 2));
        break;
      }
    }
    return out;
  }

  private static String valueFor(Argument argument, Effect effect) {
    return switch (effect) {
      case READ -> argument == Argument.DATA ? "@.env" : ".env";
      case WRITE, ARCHIVE -> ".git/hooks/pre-commit";
      case SUB -> "rm -rf /";
      case RUN, NET, EXACT -> "./evil";
      default -> "x";
    };
  }

  /** {@code program [pre] option value [post]}, shaped so the program would accept it. */
  private static String command(String program, String spelled, String option, Argument argument,
      String value) {
    String base = program.split(" ")[0];
    List<String> w = new ArrayList<>(List.of(program));
    String post = switch (base) {
      case "find" -> "";
      case "xargs", "env" -> "echo";
      case "sed", "gsed" -> option != null && option.matches("-e|--expression|-f|--file") ? "f"
          : option != null && option.matches("-i|--in-place") ? "p .git/hooks/pre-commit" : "p f";
      case "awk", "gawk", "mawk", "nawk" -> option != null && option.matches("-e|--source|-f|--file|-i|--include|-l|--load|-E|--exec") ? "f" : "'{print}' f";
      case "tar", "gtar", "bsdtar" -> option != null && option.matches("-f|--file") ? "src" : "-f a.tar src";
      case "zip" -> "out.zip src";
      case "unzip" -> "a.zip";
      case "curl", "wget" -> "https://example.com";
      case "ssh" -> "host";
      case "cp", "mv", "ln", "scp", "rsync" -> "a b";
      case "chmod", "chown", "chgrp" -> "+x f";
      case "man" -> "ls";
      case "npm" -> "run test";
      case "npx" -> "pkg";
      case "pip", "pip3" -> "install x";
      case "python", "python2", "python3", "pypy", "pypy3" -> "script.py";
      case "node", "nodejs" -> "script.js";
      case "make", "gmake" -> "all";
      case "git" -> "";
      default -> "f";
    };
    if (base.equals("find")) {
      w.add(".");
    }
    if (base.equals("git") && !program.contains(" ")) {
      w.add("log");
    }
    if (base.matches("g?tar|bsdtar") && (option == null || !option.matches("-c|--create|-r|--append|-u|--update"
        + "|-A|--catenate|--concatenate|--delete|-x|--extract|--get|-t|--list|-d|--diff|--compare"))) {
      w.add("-c");
    }
    if (spelled != null) {
      boolean takes = argument != Argument.NONE;
      if (takes && spelled.startsWith("--") && argument != Argument.CMDLINE && argument != Argument.FILE2) {
        w.add(quote(spelled + "=" + value));
      } else if (argument == Argument.OPTIONAL && value != null) {
        w.add(quote(spelled + value));
      } else {
        w.add(spelled);
        if (takes) {
          w.add(argument == Argument.CMDLINE ? value : quote(value));
        }
        if (argument == Argument.FILE2) {
          w.add("%p");
        }
        if (argument == Argument.CMDLINE) {
          w.add("\\;");
        }
      }
    }
    if (base.matches("g?tar|bsdtar") && option != null && option.matches("-c|--create|-r|--append|-u|--update"
        + "|-A|--catenate|--concatenate|--delete")) {
      return String.join(" ", w) + " -f .git/hooks/pre-commit src";
    }
    if (!post.isEmpty()) {
      w.add(post);
    }
    return String.join(" ", w);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static Decision decide(String line) {
    return check.check(Resource.CommandExec.line(line), null);
  }

  @Test
  void everyRequiredProgramIsInTheTable() {
    for (String p : List.of("find", "xargs", "git", "rg", "grep", "sed", "awk", "sort", "tar", "zip", "unzip",
        "base64", "curl", "wget", "npm", "pip", "python", "node", "make", "env", "tee", "cp", "mv", "ln", "chmod",
        "rsync", "ssh", "scp", "man", "less", "vim")) {
      assertThat(ProgramOptions.table().program(p)).as(p).isPresent();
    }
    assertThat(ProgramOptions.table().program("/usr/bin/python3.12")).isPresent();
  }
}
