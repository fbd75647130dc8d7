package dev.agentguard.ops.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tamper-evident audit log of guard events: JSON Lines, one record per event, each record chained to the one
 * before it. Register it as a listener: {@code AgentGuard.builder().listener(AuditLog.open(path))}.
 *
 * <p>Every record carries {@code seq} (1, 2, 3, ... across the whole log), {@code prev} (SHA-256, hex, of the
 * previous record's exact line bytes; 64 zeros for the first record) and ends with {@code hash} (SHA-256 of the
 * record's own bytes without the {@code hash} field). Opening writes a {@code log_opened} record, closing a
 * {@code log_closed} one, so a log cut at a line boundary is told apart from a finished one. When a file
 * passes the size limit it is sealed with {@code log_rotated} and renamed {@code FILE.1} (older files move to
 * {@code FILE.2}, ...); the chain continues in the new file. {@link AuditLogVerifier} checks all of it.
 *
 * <p>Arguments, rationale and reasons are written as the listener receives them, which is already redacted by
 * the guard. Tool results are never written, only their size and error flag. Thread-safe: appends are
 * serialized, so concurrent calls lose no record. A failed write throws {@link UncheckedIOException} (the
 * guard reports it and carries on); the chain then continues from the last record that was written. New files
 * are created readable and writable by their owner only.
 */
public final class AuditLog implements GuardListener, Closeable {

  private final Path file;
  private final long maxFileBytes;
  private final int forceEvery;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private FileChannel channel;
  private long size;
  private long seq;
  private String prev;
  private int unforced;
  private boolean closed;

  private AuditLog(Builder b) throws IOException {
    this.file = b.file;
    this.maxFileBytes = b.maxFileBytes;
    this.forceEvery = b.forceEvery;
    this.clock = b.clock;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    createOwnerOnly(file);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    try {
      recover();
      ObjectNode opened = AuditRecords.header(seq + 1, prev, clock.instant(), AuditRecords.OPENED);
      opened.put("file", file.getFileName().toString());
      append(opened, true);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Opens (or continues) the log at {@code file} with the defaults of {@link #builder(Path)}.
   *
   * @param file the log file; missing parent directories are created
   * @return the open log; close it to seal it
   * @throws IOException if the file cannot be opened, or its last record cannot be read to continue the chain
   */
  public static AuditLog open(Path file) throws IOException {
    return builder(file).open();
  }

  /**
   * Returns a builder for a log at {@code file}.
   *
   * @param file the log file; not {@code null}
   * @return a builder for a log at {@code file}
   */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file must not be null"));
  }

  /**
   * The current file of the log.
   *
   * @return the current file of the log
   */
  public Path file() {
    return file;
  }

  /**
   * The sequence number of the last record written.
   *
   * @return the sequence number of the last record written
   */
  public long lastSeq() {
    lock.lock();
    try {
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends one record for {@code event}.
   *
   * @throws UncheckedIOException if the record could not be written
   * @throws IllegalStateException if the log is closed
   */
  @Override
  public void onEvent(GuardEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the audit log " + file + " is closed");
      }
      ObjectNode record = AuditRecords.header(seq + 1, prev, event.timestamp(), AuditRecords.type(event));
      AuditRecords.describe(record, event);
      append(record, false);
      if (maxFileBytes > 0 && size >= maxFileBytes) {
        rotate();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to the audit log " + file, e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes the {@code log_closed} record, forces the file to disk and closes it. Idempotent. */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        append(AuditRecords.header(seq + 1, prev, clock.instant(), AuditRecords.CLOSED), true);
      } finally {
        channel.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "AuditLog{" + file + "}";
  }

  private void append(ObjectNode record, boolean force) throws IOException {
    byte[] line = AuditRecords.seal(record);
    byte[] withNewline = Arrays.copyOf(line, line.length + 1);
    withNewline[line.length] = '\n';
    ByteBuffer buffer = ByteBuffer.wrap(withNewline);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += withNewline.length;
    seq = record.get("seq").asLong();
    prev = AuditRecords.sha256Hex(line);
    unforced++;
    if (force || (forceEvery > 0 && unforced >= forceEvery)) {
      channel.force(false);
      unforced = 0;
    }
  }

  private void rotate() throws IOException {
    ObjectNode sealRecord = AuditRecords.header(seq + 1, prev, clock.instant(), AuditRecords.ROTATED);
    sealRecord.put("next", file.getFileName().toString());
    append(sealRecord, true);
    channel.close();
    int highest = 0;
    while (Files.exists(AuditLogVerifier.rotated(file, highest + 1))) {
      highest++;
    }
    for (int i = highest; i >= 1; i--) {
      Files.move(AuditLogVerifier.rotated(file, i), AuditLogVerifier.rotated(file, i + 1),
          StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(file, AuditLogVerifier.rotated(file, 1), StandardCopyOption.ATOMIC_MOVE);
    createOwnerOnly(file);
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = 0;
    ObjectNode opened = AuditRecords.header(seq + 1, prev, clock.instant(), AuditRecords.OPENED);
    opened.put("file", file.getFileName().toString());
    opened.put("rotated_from", AuditLogVerifier.rotated(file, 1).getFileName().toString());
    append(opened, true);
  }

  /** Creates {@code path} readable and writable by its owner only (where the file system has POSIX modes). */
  private static void createOwnerOnly(Path path) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(path);
    }
  }

  /** Continues the chain of an existing file (or of its newest rotated predecessor when it is empty). */
  private void recover() throws IOException {
    size = channel.size();
    Path source = file;
    if (size == 0 && Files.exists(AuditLogVerifier.rotated(file, 1))) {
      source = AuditLogVerifier.rotated(file, 1);
    }
    Tail tail = Tail.read(source);
    if (tail == null) {
      seq = 0;
      prev = AuditRecords.GENESIS;
      return;
    }
    if (tail.torn && source.equals(file)) {
      // a crash cut the last line short: keep it as evidence, start the next record on a fresh line
      ByteBuffer nl = ByteBuffer.wrap(new byte[] {'\n'});
      while (nl.hasRemaining()) {
        channel.write(nl);
      }
      size++;
    }
    JsonNode last;
    try {
      last = AuditRecords.JSON.readTree(tail.line);
    } catch (IOException e) {
      throw new IOException("cannot continue the audit log " + source + ": its last record is unreadable ("
          + e.getMessage() + "); move the file aside", e);
    }
    if (last == null || !last.path("seq").canConvertToLong() || last.path("seq").asLong() < 1) {
      throw new IOException("cannot continue the audit log " + source
          + ": its last record has no valid seq; move the file aside");
    }
    seq = last.path("seq").asLong();
    prev = AuditRecords.sha256Hex(tail.line);
  }

  /** The last complete line of a file, and whether an incomplete line follows it. */
  private static final class Tail {
    final byte[] line;
    final boolean torn;

    private Tail(byte[] line, boolean torn) {
      this.line = line;
      this.torn = torn;
    }

    static Tail read(Path path) throws IOException {
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        long end = ch.size();
        if (end == 0) {
          return null;
        }
        boolean torn = byteAt(ch, end - 1) != '\n';
        long lineEnd = torn ? lastIndexOfNewline(ch, end - 1) : end - 1;
        if (lineEnd < 0) {
          return null;
        }
        long lineStart = lastIndexOfNewline(ch, lineEnd) + 1;
        long length = lineEnd - lineStart;
        if (length > Integer.MAX_VALUE - 8) {
          throw new IOException("the last record of " + path + " is too long");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        while (buf.hasRemaining()) {
          if (ch.read(buf, lineStart + buf.position()) < 0) {
            break;
          }
        }
        return new Tail(buf.array(), torn);
      }
    }

    private static byte byteAt(FileChannel ch, long pos) throws IOException {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, pos);
      return one.get(0);
    }

    /** Index of the last {@code '\n'} strictly before {@code before}, or -1. */
    private static long lastIndexOfNewline(FileChannel ch, long before) throws IOException {
      ByteBuffer chunk = ByteBuffer.allocate(8192);
      long pos = before;
      while (pos > 0) {
        long from = Math.max(0, pos - chunk.capacity());
        chunk.clear().limit((int) (pos - from));
        while (chunk.hasRemaining()) {
          if (ch.read(chunk, from + chunk.position()) < 0) {
            break;
          }
        }
        for (int i = chunk.position() - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            return from + i;
          }
        }
        pos = from;
      }
      return -1;
    }
  }

  /** Builds an {@link AuditLog}. */
  public static final class Builder {
    private final Path file;
    private long maxFileBytes = 64L * 1024 * 1024;
    private int forceEvery = 1;
    private Clock clock = Clock.systemUTC();

    private Builder(Path file) {
      this.file = file;
    }

    /**
     * Rotates the file once it reaches {@code bytes} (default 64 MiB); 0 never rotates.
     *
     * @param bytes the size in bytes that triggers a rotation, or 0; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /**
     * Forces the file to disk after every {@code records} records (default 1: every record); 0 forces only when
     * a file is opened, rotated or closed.
     *
     * @param records the number of records between forced writes, or 0; not negative
     * @return this builder
     * @throws IllegalArgumentException if {@code records} is negative
     */
    public Builder forceEvery(int records) {
      if (records < 0) {
        throw new IllegalArgumentException("records must not be negative, was " + records);
      }
      this.forceEvery = records;
      return this;
    }

    /**
     * Sets the clock for the log's own records (opened, rotated, closed); event records use event times.
     *
     * @param clock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Opens the log, continuing the chain of an existing file.
     *
     * @return the open log; close it to seal it
     * @throws IOException if the file cannot be opened, or its last record cannot be read to continue the chain
     */
    public AuditLog open() throws IOException {
      return new AuditLog(this);
    }
  }
}
