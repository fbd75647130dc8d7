package dev.agentguard.core.exec;

import dev.agentguard.api.Access;
import dev.agentguard.core.exec.OptionParser.Parsed;
import dev.agentguard.core.exec.OptionParser.Use;
import dev.agentguard.core.exec.ProgramOptions.Argument;
import dev.agentguard.core.exec.ProgramOptions.Effect;
import dev.agentguard.core.exec.ProgramOptions.Operands;
import dev.agentguard.core.exec.ProgramOptions.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one program's options and operands do, judged by {@link ProgramOptions}: the files it reads and writes
 * (for the filesystem policy) and the last word an allow rule must name exactly because an option there runs a
 * program, reaches the network or cannot be analysed. Sed scripts and awk programs are read by
 * {@link SedScript} and {@link AwkProgram}. Stateless.
 */
final class ProgramEffects {

  private ProgramEffects() {}

  /**
   * A file the program reads or writes.
   *
   * @param index the word naming it
   * @param path the file as the program sees it
   * @param access read or write
   * @param why the option or role, for reasons
   */
  record FileTarget(int index, String path, Access access, String why) {}

  /**
   * The effects of one program.
   *
   * @param mustName the last word an allow rule must name, or {@code -1}
   * @param why what makes {@code mustName} necessary, for reasons; empty when {@code mustName} is -1
   * @param files the files read or written
   */
  record Result(int mustName, String why, List<FileTarget> files) {
    static final Result NONE = new Result(-1, "", List.of());
  }

  /** The effects of the program named by {@code words[start]}; {@link Result#NONE} when the table lacks it. */
  static Result of(List<String> words, int start) {
    ProgramOptions table = ProgramOptions.table();
    Optional<Program> row = table.program(words.get(start));
    if (row.isEmpty()) {
      return Result.NONE;
    }
    Parsed parsed = OptionParser.parse(table, row.get(), words, start);
    Builder b = new Builder(words);
    String family = row.get().name();
    boolean hasScript = false;
    for (Use u : parsed.uses()) {
      b.option(parsed.program(), u);
      if (isScriptOption(family, u)) {
        b.script(family, u.value(), u.valueIndex());
        hasScript = true;
      }
    }
    List<Integer> operands = new ArrayList<>(parsed.operands());
    if ((isSed(family) || isAwk(family)) && !hasScript && !b.scriptFile && !operands.isEmpty()) {
      int script = operands.remove(0);
      b.script(family, words.get(script), script);
    }
    b.operands(parsed.program(), operands, family);
    if (parsed.program().exactAction() && !b.readonly) {
      b.exact(words.size() - 1, family + " " + (parsed.subcommand() >= 0 ? words.get(parsed.subcommand()) + " " : "")
          + "changes files it cannot name in advance");
    }
    return b.result();
  }

  private static boolean isSed(String family) {
    return family.equals("sed") || family.equals("gsed");
  }

  private static boolean isAwk(String family) {
    return family.endsWith("awk");
  }

  private static boolean isScriptOption(String family, Use u) {
    String o = u.option() == null ? "" : u.option().spelling();
    return u.value() != null && (isSed(family) && o.equals("-e") || isAwk(family) && o.equals("-e"));
  }

  /** Collects the effects while walking one program's options. */
  private static final class Builder {
    private final List<String> words;
    private final List<FileTarget> files = new ArrayList<>();
    private int mustName = -1;
    private String why = "";
    private boolean readonly;
    private boolean create;
    private boolean allOperandsWritten;
    private boolean scriptFile;
    private boolean reference;
    private Use archive;

    Builder(List<String> words) {
      this.words = words;
    }

    void exact(int index, String reason) {
      if (index > mustName) {
        mustName = index;
        why = reason;
      }
    }

    void option(Program p, Use u) {
      if (u.option() == null) {
        if (p.unknownIsExact()) {
          exact(u.index(), p.name() + " option " + u.spelling() + " is not known to be harmless");
        }
        return;
      }
      Effect e = u.option().effect();
      String shown = u.spelling() + (u.option().spelling().equals(u.spelling()) ? "" : " (" + u.option().spelling() + ")");
      int valueAt = u.valueIndex() >= 0 ? u.valueIndex() : u.index();
      switch (e) {
        case RUN, NET, EXACT -> {
          exact(Math.max(valueAt, u.end() - 1), p.name() + " option " + shown + (e == Effect.RUN ? " runs a program"
              : e == Effect.NET ? " reaches the network" : " cannot be analysed"));
          if (u.option().argument() == Argument.FILE && u.value() != null) {
            files.add(new FileTarget(valueAt, u.value(), Access.READ, p.name() + " " + shown));
            scriptFile = true;
          }
        }
        case READ, WRITE -> {
          String file = u.option().argument() == Argument.DATA ? dataFile(u.value()) : u.value();
          if (file != null && !file.isEmpty()) {
            files.add(new FileTarget(valueAt, file, e == Effect.READ ? Access.READ : Access.WRITE, p.name() + " " + shown));
          }
        }
        case DELETE -> {
          allOperandsWritten = true;
          exact(u.index(), p.name() + " option " + shown + " deletes whole trees, protected files among them");
        }
        case INPLACE -> allOperandsWritten = true;
        case READONLY -> readonly = true;
        case CREATE -> create = true;
        case ARCHIVE -> archive = u;
        default -> reference |= u.option().spelling().equals("--reference");
      }
      if (u.option().spelling().equals("--reference")) {
        reference = true;
      }
    }

    void script(String family, String code, int index) {
      if (code == null) {
        return;
      }
      for (ScriptEffect fx : isSed(family) ? SedScript.effects(code) : AwkProgram.effects(code)) {
        switch (fx.kind()) {
          case READ -> files.add(new FileTarget(index, fx.file(), Access.READ, fx.what()));
          case WRITE -> files.add(new FileTarget(index, fx.file(), Access.WRITE, fx.what()));
          default -> exact(index, fx.what() + (fx.kind() == ScriptEffect.Kind.RUN ? " runs a command" : ""));
        }
      }
    }

    void operands(Program p, List<Integer> operands, String family) {
      if (archive != null && archive.value() != null) {
        String a = archive.value();
        int colon = a.indexOf(':');
        if (colon > 0 && (a.indexOf('/') < 0 || colon < a.indexOf('/')) && !words.contains("--force-local")) {
          exact(archive.valueIndex(), "tar archive '" + a + "' names a remote host, which tar reaches with rsh");
        } else {
          files.add(new FileTarget(archive.valueIndex(), a, create ? Access.WRITE : Access.READ, "tar -f"));
        }
      }
      Operands role = allOperandsWritten ? Operands.WRITE : p.operands();
      for (int k = 0; k < operands.size(); k++) {
        int index = operands.get(k);
        String w = words.get(index);
        if ((family.equals("make") || family.equals("gmake")) && w.contains("=")) {
          exact(index, "make variable " + w.substring(0, w.indexOf('=')) + " may hold a command");
        }
        if (w.startsWith("+") && (family.startsWith("vi") || family.equals("less") || family.equals("nvim")
            || family.equals("more") || family.equals("ex") || family.equals("most"))) {
          exact(index, family + " start-up command " + w + " may run a program");
          continue;
        }
        boolean written = switch (role) {
          case WRITE -> true;
          case LAST_WRITE -> k == operands.size() - 1 && operands.size() > 1;
          case FIRST_WRITE -> k == 0;
          case WRITE_AFTER_FIRST -> k > 0 || reference;
          default -> false;
        };
        if (written) {
          files.add(new FileTarget(index, w, Access.WRITE, family + " operand"));
        }
      }
      if (allOperandsWritten && operands.isEmpty() && family.equals("find")) {
        files.add(new FileTarget(words.size() - 1, ".", Access.WRITE, "find -delete"));
      }
    }

    Result result() {
      return new Result(mustName, why, List.copyOf(files));
    }
  }

  /** The file a curl-style value reads: {@code @F}, {@code name=@F}, {@code name=<F}, {@code name@F}, or no '='. */
  static String dataFile(String v) {
    if (v == null) {
      return null;
    }
    if (v.startsWith("@")) {
      return v.substring(1);
    }
    int eq = v.indexOf('=');
    if (eq >= 0 && eq + 1 < v.length() && (v.charAt(eq + 1) == '@' || v.charAt(eq + 1) == '<')) {
      String f = v.substring(eq + 2);
      int semi = f.indexOf(';');
      return semi >= 0 ? f.substring(0, semi) : f;
    }
    int at = v.indexOf('@');
    if (eq < 0 && at > 0 && v.substring(0, at).matches("[A-Za-z0-9_.-]+")) {
      return v.substring(at + 1);
    }
    return null;
  }
}
