package dev.agentguard.core.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table of what common programs' options do, read once from {@code program-options.tsv} beside this class
 * (the file's header describes the format). Immutable and thread-safe.
 */
final class ProgramOptions {

  /** How a program reads its options. */
  enum Style { GNU, WORDS, TAR }

  /** What an option takes after it. */
  enum Argument { NONE, VALUE, FILE, CMD, OPTIONAL, FILE2, CMDLINE, DATA }

  /** What an option does. */
  enum Effect {
    NONE, READ, WRITE, DELETE, RUN, NET, EXACT, INPLACE, ARCHIVE, READONLY, CREATE, SUB;

    /** Whether an allow rule must name the option (and its value) exactly. */
    boolean needsExactRule() {
      return this == RUN || this == NET || this == EXACT;
    }
  }

  /** The roles of a program's operands. */
  enum Operands { READ, WRITE, NONE, LAST_WRITE, FIRST_WRITE, WRITE_AFTER_FIRST, COMMAND }

  /**
   * One row of the table.
   *
   * @param spelling the spelling the row was found under
   * @param argument what the option takes
   * @param effect what it does
   */
  record Option(String spelling, Argument argument, Effect effect) {
    boolean takesValue() {
      return argument != Argument.NONE && argument != Argument.OPTIONAL;
    }
  }

  /**
   * One program (or subcommand) of the table.
   *
   * @param name the section's first name
   * @param style how options are read
   * @param stopAtOperand whether options end at the first operand
   * @param unknownIsExact whether an option not listed needs an exact rule
   * @param operands the operands' roles
   * @param exactAction whether the program's plain action needs an exact rule
   * @param options the rows by spelling
   * @param parent the program a subcommand belongs to, or {@code null}
   */
  record Program(String name, Style style, boolean stopAtOperand, boolean unknownIsExact, Operands operands,
      boolean exactAction, Map<String, Option> options, Program parent) {

    /** The row for exactly {@code spelling}, looking in the parent program too. */
    Optional<Option> exact(String spelling) {
      Option o = options.get(spelling);
      if (o == null && parent != null) {
        return parent.exact(spelling);
      }
      return Optional.ofNullable(o);
    }

    /**
     * The row for long option {@code name} as getopt_long reads it: the exact spelling, else every listed option
     * it is a prefix of; when several, the one whose effect is strictest (the program would either refuse the
     * ambiguity or run one of them).
     */
    Optional<Option> longOption(String name) {
      Optional<Option> exact = exact(name);
      if (exact.isPresent() || style == Style.WORDS) {
        return exact;
      }
      Option best = null;
      for (Program p = this; p != null; p = p.parent) {
        for (Map.Entry<String, Option> e : p.options.entrySet()) {
          if (e.getKey().startsWith("--") && e.getKey().startsWith(name) && name.length() > 2
              && (best == null || stricter(e.getValue(), best))) {
            best = e.getValue();
          }
        }
      }
      return Optional.ofNullable(best);
    }
  }

  private static boolean stricter(Option a, Option b) {
    if (a.effect().needsExactRule() != b.effect().needsExactRule()) {
      return a.effect().needsExactRule();
    }
    if (a.takesValue() != b.takesValue()) {
      return a.takesValue();
    }
    return a.effect().ordinal() > b.effect().ordinal();
  }

  private static final Pattern VERSION_SUFFIX = Pattern.compile("[0-9][0-9.]*$");

  private static final ProgramOptions TABLE = load();

  private final Map<String, Program> programs;
  private final List<Row> rows;

  /**
   * One row as written, for tests that check every row.
   *
   * @param program the section's names
   * @param spellings the row's spellings
   * @param option the row
   */
  record Row(List<String> program, List<String> spellings, Option option) {}

  /** The programs with a {@code program:sub} section. */
  private final java.util.Set<String> withSubcommands;
  /** The listed subcommands by the name before a colon ({@code git} for {@code git:push}), then after it. */
  private final Map<String, Map<String, Program>> subcommands;
  /** {@link #unlistedSubcommand} of each of them. */
  private final Map<String, Program> unlistedSubcommands;

  private ProgramOptions(Map<String, Program> programs, List<Row> rows) {
    this.programs = Map.copyOf(programs);
    this.rows = List.copyOf(rows);
    java.util.Set<String> subs = new java.util.HashSet<>();
    for (String name : programs.keySet()) {
      if (name.indexOf(':') >= 0) {
        subs.add(name.substring(0, name.indexOf(':')));
      }
    }
    this.withSubcommands = java.util.Set.copyOf(subs);
    Map<String, Program> unlisted = new java.util.HashMap<>();
    for (String name : withSubcommands) {
      Program p = programs.get(name);
      if (p != null) {
        unlisted.put(name, unlistedOf(p));
      }
    }
    this.unlistedSubcommands = Map.copyOf(unlisted);
    Map<String, Map<String, Program>> bySub = new java.util.HashMap<>();
    for (Map.Entry<String, Program> e : programs.entrySet()) {
      // filed under every split at a colon, so a lookup finds exactly the section named name + ":" + sub
      String key = e.getKey();
      for (int colon = key.indexOf(':'); colon > 0; colon = key.indexOf(':', colon + 1)) {
        bySub.computeIfAbsent(key.substring(0, colon), k -> new java.util.HashMap<>())
            .put(key.substring(colon + 1), e.getValue());
      }
    }
    Map<String, Map<String, Program>> frozen = new java.util.HashMap<>();
    bySub.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    this.subcommands = Map.copyOf(frozen);
  }

  /** How a subcommand of {@code program} that has no section of its own is read: the program's options. */
  private static Program unlistedOf(Program program) {
    return new Program(program.name(), program.style(), false, program.unknownIsExact(), program.operands(), false,
        program.options(), null);
  }

  /** A subcommand of {@code program} that has no section: made once per table for the table's own programs. */
  Program unlistedSubcommand(Program program) {
    Program made = unlistedSubcommands.get(program.name());
    return made != null && programs.get(program.name()) == program ? made : unlistedOf(program);
  }

  /** Whether some section name starts with {@code programName} and a colon ({@code git:push}). */
  boolean hasSubcommands(String programName) {
    if (programName.indexOf(':') < 0) {
      return withSubcommands.contains(programName);
    }
    for (String name : programs.keySet()) {
      if (name.startsWith(programName + ":")) {
        return true;
      }
    }
    return false;
  }

  /** The table shipped with the library. */
  static ProgramOptions table() {
    return TABLE;
  }

  /** Every row, in file order. */
  List<Row> rows() {
    return rows;
  }

  /** The program a command word names (its base name, lower-cased, a version suffix dropped), if listed. */
  Optional<Program> program(String word) {
    String name = Programs.normalize(word);
    Program p = programs.get(name);
    if (p == null && !name.isEmpty() && !endsInNameLetter(name)) {
      p = programs.get(VERSION_SUFFIX.matcher(name).replaceAll(""));
    }
    return Optional.ofNullable(p);
  }

  /** The subcommand {@code sub} of {@code program}, if listed. */
  Optional<Program> subcommand(Program program, String sub) {
    Map<String, Program> listed = subcommands.get(program.name());
    return listed == null ? Optional.empty() : Optional.ofNullable(listed.get(sub.toLowerCase(Locale.ROOT)));
  }

  /**
   * Whether {@code name} ends in an ASCII letter, {@code -} or {@code _}: then no version suffix (digits and dots at
   * the very end, or before a final line terminator) can be dropped from it, and the pattern need not run.
   */
  static boolean endsInNameLetter(String name) {
    char c = name.charAt(name.length() - 1);
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_';
  }

  /** Every section name (programs and {@code program:sub}). */
  java.util.Set<String> names() {
    return programs.keySet();
  }

  private static ProgramOptions load() {
    try (InputStream in = ProgramOptions.class.getResourceAsStream("program-options.tsv")) {
      if (in == null) {
        throw new IllegalStateException("program-options.tsv is missing from the class path");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the table's text; a malformed line is an {@link IllegalArgumentException} naming it. */
  static ProgramOptions parse(List<String> lines) {
    Map<String, Program> programs = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    List<String> names = null;
    Map<String, String> header = null;
    Map<String, Option> options = null;
    for (int i = 0; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i).strip() : "[]";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (names != null) {
          define(programs, names, header, options, i);
        }
        int close = line.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("program-options.tsv:" + (i + 1) + ": no ']'");
        }
        names = List.of(line.substring(1, close).trim().split("\\s+"));
        header = new HashMap<>();
        for (String kv : line.substring(close + 1).trim().split("\\s+")) {
          if (!kv.isEmpty()) {
            String[] p = kv.split("=", 2);
            header.put(p[0], p.length > 1 ? p[1] : "");
          }
        }
        options = new LinkedHashMap<>();
        continue;
      }
      String[] cells = line.split("\t");
      if (cells.length != 3 || options == null) {
        throw new IllegalArgumentException("program-options.tsv:" + (i + 1) + ": expected 3 tab-separated cells");
      }
      Argument argument = cells[1].equals("-") ? Argument.NONE : Argument.valueOf(cells[1].toUpperCase(Locale.ROOT));
      Effect effect = Effect.valueOf(cells[2].toUpperCase(Locale.ROOT));
      List<String> spellings = List.of(cells[0].split("\\|"));
      for (String s : spellings) {
        options.put(s, new Option(s, argument, effect));
      }
      rows.add(new Row(names, spellings, new Option(spellings.get(0), argument, effect)));
    }
    return new ProgramOptions(programs, rows);
  }

  private static void define(Map<String, Program> programs, List<String> names, Map<String, String> header,
      Map<String, Option> options, int line) {
    Style style = Style.valueOf(header.getOrDefault("style", "gnu").toUpperCase(Locale.ROOT));
    Operands operands = Operands.valueOf(
        header.getOrDefault("operands", "read").toUpperCase(Locale.ROOT).replace('-', '_'));
    for (String name : names) {
      int colon = name.indexOf(':');
      Program parent = colon < 0 ? null : programs.get(name.substring(0, colon));
      if (colon >= 0 && parent == null) {
        throw new IllegalArgumentException("program-options.tsv:" + line + ": " + name + " before its program");
      }
      programs.put(name, new Program(name, style, "yes".equals(header.get("stop")),
          "exact".equals(header.get("unknown")), operands, "exact".equals(header.get("action")),
          Map.copyOf(options), parent));
    }
  }
}
