package dev.agentguard.ops.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Any single-byte change, deletion, reordering or truncation of a written log is detected. */
class AuditLogTamperPropertiesTest {

  private Path dir;

  @BeforeProperty
  void createDir() throws IOException {
    dir = Files.createTempDirectory("audit-prop");
  }

  @AfterProperty
  void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private byte[] writeLog(Path log, int events) throws IOException {
    Files.deleteIfExists(log);
    try (AuditLog audit = AuditLog.builder(log).forceEvery(0).open()) {
      for (int i = 0; i < events; i++) {
        audit.onEvent(AuditEvents.event(i));
      }
    }
    byte[] bytes = Files.readAllBytes(log);
    assertThat(AuditLogVerifier.verify(log).ok()).isTrue();
    return bytes;
  }

  private static boolean detected(Path log) {
    AuditLogVerifier.Result r = AuditLogVerifier.verify(log);
    return !r.ok() || !r.sealed();
  }

  @Property(tries = 150)
  void anySingleByteChangeIsDetected(
      @ForAll @IntRange(min = 0, max = 12) int events, @ForAll @IntRange(min = 0) int where,
      @ForAll @IntRange(min = 1, max = 255) int delta) throws IOException {
    Path log = dir.resolve("audit.log");
    byte[] bytes = writeLog(log, events);
    int i = where % bytes.length;
    bytes[i] = (byte) (bytes[i] + delta);
    Files.write(log, bytes);
    assertThat(detected(log)).as("byte %d changed by %d", i, delta).isTrue();
  }

  @Property(tries = 150)
  void anySingleByteDeletionIsDetected(
      @ForAll @IntRange(min = 0, max = 12) int events, @ForAll @IntRange(min = 0) int where) throws IOException {
    Path log = dir.resolve("audit.log");
    byte[] bytes = writeLog(log, events);
    int i = where % bytes.length;
    byte[] cut = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, cut, 0, i);
    System.arraycopy(bytes, i + 1, cut, i, bytes.length - i - 1);
    Files.write(log, cut);
    assertThat(detected(log)).as("byte %d deleted", i).isTrue();
  }

  @Property(tries = 100)
  void anyTruncationIsDetected(
      @ForAll @IntRange(min = 0, max = 12) int events, @ForAll @IntRange(min = 0) int where) throws IOException {
    Path log = dir.resolve("audit.log");
    byte[] bytes = writeLog(log, events);
    int keep = where % bytes.length;
    Files.write(log, java.util.Arrays.copyOf(bytes, keep));
    assertThat(detected(log)).as("cut to %d of %d bytes", keep, bytes.length).isTrue();
  }

  @Property(tries = 100)
  void anyRecordDeletionOrReorderingIsDetected(
      @ForAll @IntRange(min = 1, max = 12) int events, @ForAll @IntRange(min = 0) int a,
      @ForAll @IntRange(min = 0) int b, @ForAll boolean delete) throws IOException {
    Path log = dir.resolve("audit.log");
    writeLog(log, events);
    List<String> lines = new ArrayList<>(Files.readAllLines(log));
    int i = a % lines.size();
    int j = b % lines.size();
    if (delete) {
      lines.remove(i);
    } else {
      if (i == j) {
        j = (i + 1) % lines.size();
      }
      String t = lines.get(i);
      lines.set(i, lines.get(j));
      lines.set(j, t);
    }
    Files.write(log, lines);
    assertThat(detected(log)).isTrue();
  }

  @Property(tries = 60)
  void anySingleByteChangeInAnyRotatedFileIsDetected(
      @ForAll @IntRange(min = 10, max = 40) int events, @ForAll @IntRange(min = 0) int whichFile,
      @ForAll @IntRange(min = 0) int where, @ForAll @IntRange(min = 1, max = 255) int delta) throws IOException {
    Path log = dir.resolve("rotating.log");
    try (Stream<Path> old = Files.list(dir)) {
      for (Path p : (Iterable<Path>) old::iterator) {
        Files.delete(p);
      }
    }
    try (AuditLog audit = AuditLog.builder(log).maxFileBytes(1_500).forceEvery(0).open()) {
      for (int i = 0; i < events; i++) {
        audit.onEvent(AuditEvents.event(i));
      }
    }
    AuditLogVerifier.Result clean = AuditLogVerifier.verify(log);
    assertThat(clean.ok()).isTrue();
    assertThat(clean.files()).hasSizeGreaterThan(1);
    Path target = clean.files().get(whichFile % clean.files().size());
    byte[] bytes = Files.readAllBytes(target);
    int i = where % bytes.length;
    bytes[i] = (byte) (bytes[i] + delta);
    Files.write(target, bytes);
    assertThat(detected(log)).as("%s byte %d changed", target.getFileName(), i).isTrue();
  }
}
