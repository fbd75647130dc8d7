package dev.agentguard.core.fs;

import static dev.agentguard.core.fs.PathInput.printable;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.check.GuardEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges a path and a working directory under every reading (percent-encoding, backslashes, Unicode forms; see
 * {@link PathReadings}): the strictest verdict wins, and its reason says which reading gave it. Each working
 * directory is resolved once per call, however many readings of the path are judged against it. Immutable and
 * thread-safe.
 */
final class StrictestReading {

  private final PathJudge judge;
  private final GuardEnvironment env;
  private final PolicyIndexes indexes;

  StrictestReading(PathJudge judge, GuardEnvironment env, PolicyIndexes indexes) {
    this.judge = judge;
    this.env = env;
    this.indexes = indexes;
  }

  /** A call's working directory: its real path, or the decision refusing it. */
  record WorkingDirectory(Path real, Decision refusal) {}

  /** The working directories one call resolved (usually one), so a reading of the path does not ask again. */
  private static final class Directories {
    private String text;
    private WorkingDirectory resolved;
  }

  ResolvedPath judge(String path, Access access, String workingDirectory, boolean explainAllow) {
    Directories dirs = workingDirectory == null ? null : new Directories();
    ResolvedPath primary = judgeOne(path, access, workingDirectory, dirs, explainAllow);
    if (primary.decision().isDeny()) {
      return primary;
    }
    List<String> pathReadings = PathReadings.of(path);
    List<String> cwdReadings = workingDirectory == null ? List.of() : PathReadings.of(workingDirectory);
    if (pathReadings == null || cwdReadings == null) {
      return PathJudge.deny(FileSystemCheck.RULE_INVALID_PATH, "path '" + printable(path)
          + "' has too many possible readings (percent-encoding, backslashes, Unicode forms) to judge");
    }
    if (pathReadings.isEmpty() && cwdReadings.isEmpty()) {
      return primary;
    }
    ResolvedPath strictest = primary;
    boolean anyPrivate = primary.sessionPrivate();
    for (int c = -1; c < cwdReadings.size(); c++) {
      String cwd = c < 0 ? workingDirectory : cwdReadings.get(c);
      for (int r = -1; r < pathReadings.size(); r++) {
        String reading = r < 0 ? path : pathReadings.get(r);
        if (reading.equals(path) && Objects.equals(cwd, workingDirectory)) {
          continue;
        }
        ResolvedPath other = judgeOne(reading, access, cwd, dirs, explainAllow);
        anyPrivate |= other.sessionPrivate();
        if (other.decision().verdict().isStricterThan(strictest.decision().verdict())) {
          strictest = explained(other, path, reading, workingDirectory, cwd);
          if (other.decision().isDeny()) {
            return strictest;
          }
        }
      }
    }
    return anyPrivate == strictest.sessionPrivate() ? strictest
        : new ResolvedPath(strictest.decision(), strictest.lexical(), strictest.real(), anyPrivate);
  }

  /** {@code other}'s decision with its reason saying which reading of the path and directory gave it. */
  private static ResolvedPath explained(ResolvedPath other, String path, String reading, String workingDirectory,
      String cwd) {
    Decision d = other.decision();
    String as = reading.equals(path) ? "" : " '" + printable(path) + "' is read as '" + printable(reading) + "'";
    String in = Objects.equals(cwd, workingDirectory) ? ""
        : " the working directory is read as '" + printable(cwd) + "'";
    return new ResolvedPath(new Decision(d.verdict(), d.check(), d.rule(),
        d.reason() + " (when" + as + (as.isEmpty() || in.isEmpty() ? "" : " and") + in + ")"),
        other.lexical(), other.real());
  }

  private ResolvedPath judgeOne(String path, Access access, String workingDirectory, Directories dirs,
      boolean explainAllow) {
    Path base = indexes.workspace();
    if (workingDirectory != null) {
      if (!workingDirectory.equals(dirs.text)) {
        dirs.text = workingDirectory;
        dirs.resolved = resolveWorkingDirectory(workingDirectory);
      }
      if (dirs.resolved.refusal() != null) {
        return new ResolvedPath(dirs.resolved.refusal(), null, null);
      }
      base = dirs.resolved.real();
    }
    return judge.judgeOne(path, access, base, explainAllow);
  }

  WorkingDirectory resolveWorkingDirectory(String workingDirectory) {
    String cwdProblem = PathInput.invalid(workingDirectory);
    if (cwdProblem != null) {
      return refuse(FileSystemCheck.RULE_INVALID_PATH, "invalid working directory '" + printable(workingDirectory)
          + "': " + cwdProblem);
    }
    Path cwd;
    try {
      cwd = Path.of(PathInput.expandHome(workingDirectory, env));
    } catch (IllegalArgumentException e) {
      return refuse(FileSystemCheck.RULE_INVALID_PATH, "invalid working directory '" + printable(workingDirectory)
          + "': " + e.getMessage());
    }
    PathCanonicalizer.Result c = PathCanonicalizer.canonicalize(cwd.isAbsolute() ? cwd
        : indexes.workspace().resolve(cwd));
    if (!c.ok()) {
      return refuse(c.loop() ? FileSystemCheck.RULE_SYMLINK_LOOP : FileSystemCheck.RULE_INVALID_PATH,
          "cannot resolve working directory '" + printable(workingDirectory) + "': " + c.error());
    }
    if (!indexes.insideWorkspace(c.real())) {
      return refuse(FileSystemCheck.RULE_CWD_OUTSIDE_WORKSPACE, "working directory '" + printable(workingDirectory)
          + "' resolves to " + c.real() + ", outside the workspace " + indexes.workspace()
          + "; the host sets the boundary, not the call");
    }
    return new WorkingDirectory(c.real(), null);
  }

  private static WorkingDirectory refuse(String rule, String reason) {
    return new WorkingDirectory(null, Decision.deny(CheckNames.FILESYSTEM, rule, reason));
  }

  /** The refusal of a working directory under any of its readings, or empty. */
  Optional<Decision> checkWorkingDirectory(String workingDirectory) {
    Decision refusal = resolveWorkingDirectory(workingDirectory).refusal();
    if (refusal != null) {
      return Optional.of(refusal);
    }
    List<String> readings = PathReadings.of(workingDirectory);
    if (readings == null) {
      return Optional.of(Decision.deny(CheckNames.FILESYSTEM, FileSystemCheck.RULE_INVALID_PATH,
          "working directory '" + printable(workingDirectory) + "' has too many possible readings to judge"));
    }
    for (String reading : readings) {
      Decision other = resolveWorkingDirectory(reading).refusal();
      if (other != null) {
        return Optional.of(new Decision(other.verdict(), other.check(), other.rule(), other.reason()
            + " (when '" + printable(workingDirectory) + "' is read as '" + printable(reading) + "')"));
      }
    }
    return Optional.empty();
  }
}
