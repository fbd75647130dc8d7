package dev.agentguard.core.exec;

import dev.agentguard.core.exec.ProgramOptions.Argument;
import dev.agentguard.core.exec.ProgramOptions.Option;
import dev.agentguard.core.exec.ProgramOptions.Program;
import dev.agentguard.core.exec.ProgramOptions.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a command's words the way the program itself parses them, by its row of {@link ProgramOptions}: GNU
 * clusters ({@code -czf out.tgz}, {@code -iS'...'}) with values attached or in the next word, unambiguous long
 * option prefixes ({@code --to-com=...}), tar's dash-less first cluster, find's single-dash primaries, and a
 * subcommand's own options ({@code git grep -O}). Stateless.
 */
final class OptionParser {

  private OptionParser() {}

  /**
   * One option as the program reads it.
   *
   * @param option the row, or {@code null} for an option the table does not list
   * @param spelling the option as written (one letter of a cluster: {@code -z})
   * @param index the word holding the option
   * @param value the option's value, or {@code null}
   * @param valueIndex the word holding the value ({@code index} when attached), or {@code -1}
   * @param end one past the last word the option takes
   */
  record Use(Option option, String spelling, int index, String value, int valueIndex, int end) {}

  /**
   * The options and operands of one program's words.
   *
   * @param program the row used for the options after the subcommand (the program's own when none)
   * @param uses the options in order
   * @param operands the indexes of operands, in order (a subcommand's name excluded)
   * @param subcommand the index of the subcommand word, or {@code -1}
   */
  record Parsed(Program program, List<Use> uses, List<Integer> operands, int subcommand) {}

  /** Parses {@code words[start+1, words.size())} for the program {@code program} named at {@code start}. */
  static Parsed parse(ProgramOptions table, Program program, List<String> words, int start) {
    List<Use> uses = new ArrayList<>();
    List<Integer> operands = new ArrayList<>();
    boolean hasSubcommands = table.hasSubcommands(program.name());
    int i = walk(program, words, start + 1, uses, operands, hasSubcommands);
    if (!hasSubcommands || operands.isEmpty()) {
      return new Parsed(program, uses, operands, -1);
    }
    int sub = operands.remove(0);
    Optional<Program> row = table.subcommand(program, words.get(sub));
    Program rest = row.isPresent() ? row.get() : table.unlistedSubcommand(program);
    walk(rest, words, Math.max(i, sub + 1), uses, operands, false);
    return new Parsed(rest, uses, operands, sub);
  }

  /** Reads options and operands from {@code from}; returns where it stopped (the first operand when stopping). */
  private static int walk(Program p, List<String> words, int from, List<Use> uses, List<Integer> operands,
      boolean stopAtFirstOperand) {
    boolean optionsEnded = false;
    int i = from;
    while (i < words.size()) {
      String w = words.get(i);
      if (!optionsEnded && w.equals("--") && p.style() != Style.WORDS) {
        optionsEnded = true;
        i++;
        continue;
      }
      if (!optionsEnded && isOption(p, w)) {
        i = option(p, words, i, uses);
        continue;
      }
      if (!optionsEnded && p.style() == Style.TAR && i == from && !w.isEmpty()) {
        i = tarCluster(p, words, i, uses);
        continue;
      }
      operands.add(i);
      if (stopAtFirstOperand) {
        return i;
      }
      if (p.stopAtOperand()) {
        for (int j = i + 1; j < words.size(); j++) {
          operands.add(j);
        }
        return words.size();
      }
      i++;
    }
    return i;
  }

  private static boolean isOption(Program p, String w) {
    if (p.style() == Style.WORDS) {
      return w.length() > 1 && w.startsWith("-") || p.options().containsKey(w);
    }
    return w.length() > 1 && w.startsWith("-");
  }

  private static int option(Program p, List<String> words, int i, List<Use> uses) {
    String w = words.get(i);
    if (p.style() == Style.WORDS) {
      return take(p.exact(w).orElse(null), w, words, i, null, uses);
    }
    if (w.startsWith("--")) {
      int eq = w.indexOf('=');
      String name = eq < 0 ? w : w.substring(0, eq);
      return take(p.longOption(name).orElse(null), name, words, i, eq < 0 ? null : w.substring(eq + 1), uses);
    }
    Optional<Option> whole = w.length() > 2 ? p.exact(w) : Optional.empty();
    if (whole.isPresent()) {
      return take(whole.get(), w, words, i, null, uses);
    }
    for (int k = 1; k < w.length(); k++) {
      String letter = "-" + w.charAt(k);
      Option o = p.exact(letter).orElse(null);
      if (o != null && (o.takesValue() || o.argument() == Argument.OPTIONAL)) {
        String rest = w.substring(k + 1);
        return take(o, letter, words, i, rest.isEmpty() ? null : rest, uses);
      }
      uses.add(new Use(o, letter, i, null, -1, i + 1));
    }
    return i + 1;
  }

  /** Records option {@code o} at word {@code i} with an attached value (or none) and returns the next word. */
  private static int take(Option o, String spelling, List<String> words, int i, String attached,
      List<Use> uses) {
    if (o == null || !o.takesValue() && o.argument() != Argument.OPTIONAL) {
      uses.add(new Use(o, spelling, i, attached, attached == null ? -1 : i, i + 1));
      return i + 1;
    }
    if (attached != null || o.argument() == Argument.OPTIONAL) {
      uses.add(new Use(o, spelling, i, attached, attached == null ? -1 : i, i + 1));
      return i + 1;
    }
    if (o.argument() == Argument.CMDLINE) {
      int end = i + 1;
      while (end < words.size() && !words.get(end).equals(";") && !words.get(end).equals("+")) {
        end++;
      }
      uses.add(new Use(o, spelling, i, end > i + 1 ? words.get(i + 1) : null, i + 1, end));
      return Math.min(end + 1, words.size());
    }
    int count = o.argument() == Argument.FILE2 ? 2 : 1;
    int last = Math.min(i + count, words.size() - 1);
    String value = i + 1 < words.size() ? words.get(i + 1) : null;
    uses.add(new Use(o, spelling, i, value, value == null ? -1 : i + 1, last + 1));
    return Math.min(i + 1 + count, words.size());
  }

  /** {@code tar czf out.tgz src}: each letter is an option; the values follow in the next words, in order. */
  private static int tarCluster(Program p, List<String> words, int i, List<Use> uses) {
    String w = words.get(i);
    int next = i + 1;
    for (int k = 0; k < w.length(); k++) {
      String letter = "-" + w.charAt(k);
      Option o = p.exact(letter).orElse(null);
      if (o != null && o.takesValue() && next < words.size()) {
        uses.add(new Use(o, letter, i, words.get(next), next, next + 1));
        next++;
      } else {
        uses.add(new Use(o, letter, i, null, -1, i + 1));
      }
    }
    return next;
  }
}
