package dev.agentguard.cli;

import dev.agentguard.ops.audit.AuditLogVerifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code agent-guard audit verify FILE}: checks the hash chain of an audit log written by
 * {@link dev.agentguard.ops.audit.AuditLog}, with its rotated files.
 *
 * <p>Exit codes: 0 the chain is intact ({@code ok: N records}); 1 a record is broken or missing (the first one is
 * printed as {@code FILE:LINE: reason}), or, with {@code --sealed}, the log does not end with its closing
 * record; 2 usage error or a file that does not exist.
 */
@Command(
    name = "audit",
    description = "Work with agent-guard audit logs.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Callable<Integer> {

  /** Exit code: the log is intact. */
  public static final int OK = 0;
  /** Exit code: a record is broken or missing. */
  public static final int BROKEN = 1;
  /** Exit code: usage error or missing file. */
  public static final int USAGE = 2;

  @Spec private CommandSpec spec;

  /** Creates the command; register it with picocli as a subcommand. */
  public AuditCommand() {}

  /** Without a subcommand: prints the usage to stderr and returns {@link #USAGE}. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /**
   * Verifies the log at {@code file} and prints the outcome: {@code ok: N records} to {@code out}, or the first
   * broken or missing record to {@code err}. Returns the exit code ({@link #OK}, {@link #BROKEN},
   * {@link #USAGE}).
   *
   * @param requireSealed whether a log without its closing {@code log_closed} record counts as broken
   * @param file the current log file
   * @param out where the success line goes
   * @param err where the problem goes
   * @return the exit code
   */
  public static int verify(Path file, boolean requireSealed, PrintWriter out, PrintWriter err) {
    Objects.requireNonNull(file, "file must not be null");
    Objects.requireNonNull(out, "out must not be null");
    Objects.requireNonNull(err, "err must not be null");
    try {
      if (!Files.isRegularFile(file)) {
        err.println("agent-guard audit verify: " + file + ": no such file");
        return USAGE;
      }
      AuditLogVerifier.Result result = AuditLogVerifier.verify(file);
      if (!result.ok()) {
        err.println(result.problem().map(Object::toString).orElse(file + ": broken"));
        err.println("verified " + result.records() + " records before it");
        return BROKEN;
      }
      String range = result.records() == 0 ? "" : " (seq " + result.firstSeq() + ".." + result.lastSeq()
          + (result.files().size() > 1 ? ", " + result.files().size() + " files" : "") + ")";
      if (!result.sealed()) {
        if (requireSealed) {
          err.println(file + ": not sealed: the last record is not log_closed (the log is still open, its writer"
              + " crashed, or its end was cut off after seq " + result.lastSeq() + ")");
          return BROKEN;
        }
        out.println("ok: " + result.records() + " records" + range
            + "; not sealed (still open, or cut after the last record)");
      } else {
        out.println("ok: " + result.records() + " records" + range);
      }
      return OK;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** {@code audit verify FILE}. */
  @Command(
      name = "verify",
      description = "Check an audit log's hash chain, including its rotated files (FILE.1, FILE.2, ...).",
      mixinStandardHelpOptions = true,
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
          "0:the chain is intact: prints 'ok: N records'",
          "1:a record is broken or missing: prints the first one as FILE:LINE: reason",
          "2:usage error, or FILE does not exist"})
  static final class Verify implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The audit log (its current file).")
    private Path file;

    @Option(names = "--sealed", description = "Also fail when the log does not end with its log_closed record.")
    private boolean sealed;

    @Override
    public Integer call() {
      return verify(file, sealed, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }
}
