package dev.agentguard.ops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentguard.core.io.LineInput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an {@link AuditLog}: every line is a JSON record whose {@code hash} matches its bytes, whose
 * {@code seq} follows the previous record's, and whose {@code prev} is the SHA-256 of the previous line; rotated
 * files ({@code FILE.N} ... {@code FILE.1}, oldest first) end with {@code log_rotated} and chain into the next.
 * Reports the first broken or missing record.
 *
 * <p>The chain detects changed, inserted, deleted, reordered and cut records. A log whose last record is not
 * {@code log_closed} is reported as not {@link Result#sealed() sealed}: it is still being written, its writer
 * crashed, or its tail was cut at a line boundary. The chain cannot detect a log rewritten from scratch, or the
 * loss of whole rotated files before the oldest one present; keep the last hash somewhere else if that matters.
 */
public final class AuditLogVerifier {

  /** Longer lines are not records (a record holds at most a few 64 KiB texts). */
  private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private AuditLogVerifier() {}

  /** What went wrong, and where: the file and 1-based line number. */
  public record Problem(Path file, long line, String reason) {
    /**
     * Validates the components.
     *
     * @param file the file the problem is in; not {@code null}
     * @param line the 1-based line number
     * @param reason what is wrong; not {@code null}
     */
    public Problem {
      Objects.requireNonNull(file, "file must not be null");
      Objects.requireNonNull(reason, "reason must not be null");
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  /**
   * The outcome of a verification.
   *
   * @param ok whether every record present is intact and chained
   * @param records how many records were verified before the first problem (all of them when ok)
   * @param firstSeq the seq of the first record (1 unless older files were removed), 0 when there is none
   * @param lastSeq the seq of the last verified record, 0 when there is none
   * @param sealed whether the log ends with a {@code log_closed} record
   * @param files the files read, oldest first
   * @param problem the first problem, empty when ok
   */
  public record Result(
      boolean ok, long records, long firstSeq, long lastSeq, boolean sealed, List<Path> files,
      Optional<Problem> problem) {
    /**
     * Validates the components.
     *
     * @param ok whether every record present is intact and chained
     * @param records how many records were verified before the first problem
     * @param firstSeq the seq of the first record, 0 when there is none
     * @param lastSeq the seq of the last verified record, 0 when there is none
     * @param sealed whether the log ends with a {@code log_closed} record
     * @param files the files read, oldest first; copied
     * @param problem the first problem, empty when ok; not {@code null}
     */
    public Result {
      files = List.copyOf(files);
      Objects.requireNonNull(problem, "problem must not be null");
    }
  }

  /**
   * Path of the {@code index}-th rotated file of {@code file} ({@code audit.log.1} for 1).
   *
   * @param file the current log file
   * @param index the rotation number, 1 for the most recent rotated file
   * @return the file next to {@code file} whose name is {@code file}'s name, a dot and {@code index}
   */
  public static Path rotated(Path file, int index) {
    Objects.requireNonNull(file, "file must not be null");
    return file.resolveSibling(file.getFileName().toString() + "." + index);
  }

  /**
   * Verifies the log at {@code file} together with its rotated predecessors. Never throws for bad content or
   * unreadable files: those are problems in the result.
   *
   * @param file the current log file
   * @return whether the chain holds, how far it was verified, and the first problem
   */
  public static Result verify(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    List<Path> files = new ArrayList<>();
    int highest = 0;
    while (Files.exists(rotated(file, highest + 1))) {
      highest++;
    }
    for (int i = highest; i >= 1; i--) {
      files.add(rotated(file, i));
    }
    files.add(file);
    State s = new State();
    if (!Files.exists(file)) {
      return s.fail(files, new Problem(file, 0, "no such file"));
    }
    for (int f = 0; f < files.size(); f++) {
      Path path = files.get(f);
      boolean current = f == files.size() - 1;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
        long lineNo = 0;
        String lastType = null;
        LineInput lines = new LineInput(in, MAX_LINE_BYTES);
        for (LineInput.Line line = lines.next(); line != null; line = lines.next()) {
          lineNo++;
          if (line.oversized()) {
            return s.fail(files, new Problem(path, lineNo,
                "a line is longer than " + MAX_LINE_BYTES + " bytes; this is not an audit log"));
          }
          if (!line.terminated()) {
            return s.fail(files, new Problem(path, lineNo,
                "truncated last line: no newline at the end of the file (the write was cut short)"));
          }
          String why = s.accept(line.bytes());
          if (why != null) {
            return s.fail(files, new Problem(path, lineNo, why));
          }
          lastType = s.lastType;
        }
        if (lineNo == 0) {
          return s.fail(files, new Problem(path, 0, "the file is empty"));
        }
        if (!current && !AuditRecords.ROTATED.equals(lastType)) {
          return s.fail(files, new Problem(path, lineNo + 1,
              "missing records: a rotated file must end with a log_rotated record"));
        }
      } catch (IOException e) {
        return s.fail(files, new Problem(path, 0, "cannot read: " + e.getMessage()));
      }
    }
    return new Result(true, s.records, s.firstSeq, s.lastSeq, AuditRecords.CLOSED.equals(s.lastType), files,
        Optional.empty());
  }

  /** The running state of the chain. */
  private static final class State {
    long records;
    long firstSeq;
    long lastSeq;
    String prevHash;
    String lastType;

    Result fail(List<Path> files, Problem problem) {
      return new Result(false, records, firstSeq, lastSeq, false, files, Optional.of(problem));
    }

    /** Checks one line; returns why it is broken, or null and advances the chain. */
    String accept(byte[] line) {
      if (line.length == 0) {
        return "empty line";
      }
      JsonNode record;
      try {
        record = AuditRecords.JSON.readTree(line);
      } catch (IOException e) {
        return "not valid JSON (the record was changed or cut)";
      }
      if (record == null || !record.isObject()) {
        return "not a JSON object";
      }
      String selfCheck = checkHash(line);
      if (selfCheck != null) {
        return selfCheck;
      }
      JsonNode seqNode = record.get("seq");
      JsonNode prevNode = record.get("prev");
      if (seqNode == null || !seqNode.isIntegralNumber() || seqNode.asLong() < 1) {
        return "missing or invalid seq";
      }
      if (prevNode == null || !prevNode.isTextual() || !isHex64(prevNode.asText())) {
        return "missing or invalid prev";
      }
      long seq = seqNode.asLong();
      String prev = prevNode.asText();
      if (prevHash == null) {
        if (!AuditRecords.OPENED.equals(record.path("type").asText())) {
          return "the first record must be log_opened (records before it are missing)";
        }
        if (seq == 1 && !AuditRecords.GENESIS.equals(prev)) {
          return "the first record (seq 1) must have prev = 64 zeros";
        }
        if (seq > 1 && !record.has("rotated_from")) {
          return "records 1.." + (seq - 1) + " are missing (the log does not start at seq 1 or a rotation)";
        }
        firstSeq = seq;
      } else {
        if (seq != lastSeq + 1) {
          return seq > lastSeq + 1
              ? "seq gap: expected " + (lastSeq + 1) + ", found " + seq + " (records are missing)"
              : "seq out of order: expected " + (lastSeq + 1) + ", found " + seq;
        }
        if (!prevHash.equals(prev)) {
          return "prev does not match the SHA-256 of the previous record (a record was changed, removed or moved)";
        }
      }
      lastSeq = seq;
      prevHash = AuditRecords.sha256Hex(line);
      lastType = record.path("type").asText(null);
      records++;
      return null;
    }

    private static String checkHash(byte[] line) {
      int n = line.length;
      int suffixStart = n - AuditRecords.HASH_SUFFIX_LENGTH;
      byte[] field = AuditRecords.HASH_FIELD.getBytes(StandardCharsets.US_ASCII);
      if (suffixStart < 1 || line[n - 2] != '"' || line[n - 1] != '}'
          || !Arrays.equals(line, suffixStart, suffixStart + field.length, field, 0, field.length)) {
        return "missing hash field at the end of the record";
      }
      String hash = new String(line, suffixStart + field.length, 64, StandardCharsets.US_ASCII);
      byte[] body = Arrays.copyOf(line, suffixStart + 1);
      body[suffixStart] = '}';
      if (!AuditRecords.sha256Hex(body).equals(hash)) {
        return "hash does not match the record's bytes (the record was changed)";
      }
      return null;
    }

    private static boolean isHex64(String s) {
      if (s.length() != 64) {
        return false;
      }
      for (int i = 0; i < 64; i++) {
        char c = s.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      return true;
    }
  }
}
