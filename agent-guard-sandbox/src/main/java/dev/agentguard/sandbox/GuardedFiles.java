package dev.agentguard.sandbox;

import dev.agentguard.api.Access;
import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.text.UntrustedText;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.ResolvedPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * File I/O for tool authors that obeys the filesystem policy. Every operation judges the path with the
 * {@link FileSystemCheck} and refuses anything but ALLOW with a {@link FileAccessDeniedException} carrying the
 * decision. It then works on the path's resolved real location, opens it without following a final symbolic
 * link, and afterwards re-checks that the location still resolves to the same real path and the same file,
 * so a symbolic link swapped in between check and use is refused (rule
 * {@value #RULE_CHANGED_AFTER_CHECK}).
 *
 * <pre>{@code
 * GuardedFiles files = GuardedFiles.of(guard.fileSystemCheck())
 *     .inDirectory(call.context().workingDirectory().orElse(null));
 * String text = files.readString(path);           // throws FileAccessDeniedException when not allowed
 * files.writeString("out/report.md", text);
 * }</pre>
 *
 * <p>Where the platform has directory handles (Linux, macOS), the resolved path is opened one component at a
 * time relative to the directory before it, never following a link, the final entry's type is read through its
 * directory before it is opened (a FIFO, socket or device is refused with rule {@value #RULE_NOT_REGULAR_FILE}
 * instead of blocking the tool), and on Linux the opened file itself is identified through {@code /proc/self/fd}
 * (same file as checked; one hard link for a write). A directory flipped to a symbolic link, or a file or hard
 * link swapped in, between the check and the open is refused.
 *
 * <p>Symbolic links are followed like the check follows them: {@link #delete} removes the file a path resolves
 * to. {@code CREATE} may leave an empty file behind when a refusal is detected only after the open. Immutable
 * and thread-safe.
 */
public final class GuardedFiles {

  /** The rule id of a refusal because the file changed between the check and its use. */
  public static final String RULE_CHANGED_AFTER_CHECK = "filesystem.changed-after-check";

  /** The rule id of a refusal to open a FIFO, socket, device or directory as a file. */
  public static final String RULE_NOT_REGULAR_FILE = "filesystem.not-regular-file";

  private static final boolean HANDLES = HandleWalk.supported();

  /** Runs between the policy check (with its stat) and the open; a seam for tests that swap files there. */
  interface AfterCheck {
    void run(Path real) throws IOException;
  }

  private static final Set<StandardOpenOption> WRITE_OPTIONS = EnumSet.of(StandardOpenOption.WRITE,
      StandardOpenOption.APPEND, StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW,
      StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC, StandardOpenOption.DSYNC);

  private final FileSystemCheck check;
  private final String workingDirectory;
  private final AfterCheck afterCheck;

  GuardedFiles(FileSystemCheck check, String workingDirectory, AfterCheck afterCheck) {
    this.check = Objects.requireNonNull(check, "check must not be null");
    this.workingDirectory = workingDirectory;
    this.afterCheck = Objects.requireNonNull(afterCheck, "afterCheck must not be null");
  }

  /**
   * Returns guarded I/O under {@code check}'s policy, with relative paths resolved against the workspace (for
   * a guard: {@code GuardedFiles.of(guard.fileSystemCheck())}).
   *
   * @param check the filesystem check every access must pass; not {@code null}
   * @return guarded I/O under {@code check}'s policy, with relative paths resolved against the workspace (for a
   *     guard: {@code GuardedFiles.of(guard.fileSystemCheck())})
   */
  public static GuardedFiles of(FileSystemCheck check) {
    return new GuardedFiles(check, null, real -> { });
  }

  /**
   * Returns a copy resolving relative paths against {@code workingDirectory} (typically the call's working
   * directory; {@code null} means the workspace). A directory outside the workspace makes every operation
   * refuse.
   *
   * @param workingDirectory the directory relative paths start from, or {@code null} for the workspace
   * @return a copy resolving relative paths against {@code workingDirectory} (typically the call's working
   *     directory; {@code null} means the workspace)
   */
  public GuardedFiles inDirectory(String workingDirectory) {
    return new GuardedFiles(check, workingDirectory, afterCheck);
  }

  /**
   * Returns a copy resolving relative paths against {@code workingDirectory} ({@code null} means the workspace).
   * A directory outside the workspace makes every operation refuse.
   *
   * @param workingDirectory the directory relative paths start from, or {@code null}
   * @return the copy
   */
  public GuardedFiles inDirectory(Path workingDirectory) {
    return inDirectory(workingDirectory == null ? null : workingDirectory.toString());
  }

  GuardedFiles withAfterCheck(AfterCheck hook) {
    return new GuardedFiles(check, workingDirectory, hook);
  }

  /**
   * Opens {@code path} for reading.
   *
   * @param path the file, absolute, relative to the working directory, or starting with {@code ~}
   * @return a stream over the file that was checked; close it when done
   * @throws FileAccessDeniedException if the policy does not allow reading it, it is not a regular file, or it
   *     changed between the check and the open
   * @throws IOException if the file does not exist or cannot be read
   */
  public InputStream newInputStream(String path) throws IOException {
    ResolvedPath resolved = allowed(path, Access.READ);
    Path real = resolved.real();
    BasicFileAttributes before = attributes(path, real);
    if (before == null) {
      throw new NoSuchFileException(path);
    }
    if (!before.isRegularFile()) {
      throw notRegular(path, real + " is not a regular file");
    }
    afterCheck.run(real);
    SeekableByteChannel channel = open(path, real, EnumSet.of(StandardOpenOption.READ), before.fileKey(), false);
    try {
      verify(path, Access.READ, resolved, before.fileKey());
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  /**
   * Opens {@code path} for writing with {@code options} (default: {@code CREATE}, {@code TRUNCATE_EXISTING},
   * {@code WRITE}). Only write options are accepted; the file is truncated only after the re-check.
   *
   * @param path the file, absolute, relative to the working directory, or starting with {@code ~}
   * @param options write options; none means {@code CREATE}, {@code TRUNCATE_EXISTING}, {@code WRITE}
   * @return a stream into the file that was checked; close it when done
   * @throws IllegalArgumentException for {@code READ}, {@code DELETE_ON_CLOSE} or {@code SPARSE}
   * @throws FileAccessDeniedException if the policy does not allow writing it, it is not a regular file, or it
   *     changed between the check and the open
   * @throws IOException if the file cannot be opened for writing
   */
  public OutputStream newOutputStream(String path, StandardOpenOption... options) throws IOException {
    Objects.requireNonNull(options, "options must not be null");
    Set<StandardOpenOption> requested = options.length == 0
        ? EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
        : EnumSet.noneOf(StandardOpenOption.class);
    for (StandardOpenOption o : options) {
      Objects.requireNonNull(o, "options must not hold null");
      if (!WRITE_OPTIONS.contains(o)) {
        throw new IllegalArgumentException("option " + o + " is not supported by newOutputStream");
      }
      requested.add(o);
    }
    boolean truncate = requested.remove(StandardOpenOption.TRUNCATE_EXISTING)
        && !requested.contains(StandardOpenOption.APPEND);
    requested.add(StandardOpenOption.WRITE);
    ResolvedPath resolved = allowed(path, Access.WRITE);
    Path real = resolved.real();
    BasicFileAttributes before = attributes(path, real);
    if (before != null && !before.isRegularFile()) {
      throw notRegular(path, real + " is not a regular file");
    }
    afterCheck.run(real);
    SeekableByteChannel channel = open(path, real, requested, before == null ? null : before.fileKey(), true);
    try {
      verify(path, Access.WRITE, resolved, before == null ? null : before.fileKey());
      if (truncate) {
        channel.truncate(0);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
    return Channels.newOutputStream(channel);
  }

  /**
   * Reads {@code path} as UTF-8 (malformed bytes become U+FFFD).
   *
   * @param path the file, absolute, relative to the working directory, or starting with {@code ~}
   * @return the whole content
   * @throws FileAccessDeniedException if the policy does not allow reading it, or it changed after the check
   * @throws IOException if the file does not exist or cannot be read
   */
  public String readString(String path) throws IOException {
    try (InputStream in = newInputStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Writes {@code content} as UTF-8 to {@code path}, creating or truncating it.
   *
   * @param path the file, absolute, relative to the working directory, or starting with {@code ~}
   * @param content the text to write; not {@code null}
   * @throws FileAccessDeniedException if the policy does not allow writing it, or it changed after the check
   * @throws IOException if the file cannot be written
   */
  public void writeString(String path, CharSequence content) throws IOException {
    Objects.requireNonNull(content, "content must not be null");
    try (OutputStream out = newOutputStream(path)) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Lists the names of the entries of directory {@code path}, sorted.
   *
   * @param path the directory, absolute, relative to the working directory, or starting with {@code ~}
   * @return the entries' file names (not paths), in natural string order
   * @throws FileAccessDeniedException if the policy does not allow reading it, or it changed after the check
   * @throws IOException if it does not exist, is not a directory or cannot be read
   */
  public List<String> list(String path) throws IOException {
    ResolvedPath resolved = allowed(path, Access.READ);
    Path real = resolved.real();
    BasicFileAttributes before = attributes(path, real);
    if (before == null) {
      throw new NoSuchFileException(path);
    }
    if (!before.isDirectory()) {
      throw new NotDirectoryException(path);
    }
    afterCheck.run(real);
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = HANDLES
        ? HandleWalk.directory(real, what -> changed(path, what)) : Files.newDirectoryStream(real)) {
      verify(path, Access.READ, resolved, before.fileKey());
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    }
    verify(path, Access.READ, resolved, before.fileKey());
    Collections.sort(names);
    return names;
  }

  /**
   * Deletes the file or empty directory {@code path} resolves to.
   *
   * @param path the file or directory, absolute, relative to the working directory, or starting with {@code ~}
   * @throws FileAccessDeniedException if the policy does not allow writing it, or it was replaced after the check
   * @throws IOException if it does not exist, is a non-empty directory or cannot be deleted
   */
  public void delete(String path) throws IOException {
    ResolvedPath resolved = allowed(path, Access.WRITE);
    Path real = resolved.real();
    BasicFileAttributes before = attributes(path, real);
    if (before == null) {
      throw new NoSuchFileException(path);
    }
    afterCheck.run(real);
    verify(path, Access.WRITE, resolved, before.fileKey());
    if (!HANDLES || real.getParent() == null) {
      Files.delete(real);
      return;
    }
    try (java.nio.file.SecureDirectoryStream<Path> dir = HandleWalk.directory(real.getParent(),
        what -> changed(path, what))) {
      BasicFileAttributes now = HandleWalk.attributes(dir, real.getFileName());
      if (now == null || !before.fileKey().equals(now.fileKey())) {
        throw changed(path, real + " was replaced by another file after the check");
      }
      if (now.isDirectory()) {
        dir.deleteDirectory(real.getFileName());
      } else {
        dir.deleteFile(real.getFileName());
      }
    }
  }

  /**
   * Creates directory {@code path} and any missing parents; an existing directory is fine.
   *
   * @param path the directory, absolute, relative to the working directory, or starting with {@code ~}
   * @throws FileAccessDeniedException if the policy does not allow writing it, or a directory on the way changed
   *     after the check
   * @throws IOException if a directory cannot be created, or a file that is not a directory is in the way
   */
  public void createDirectories(String path) throws IOException {
    ResolvedPath resolved = allowed(path, Access.WRITE);
    Path real = resolved.real();
    afterCheck.run(real);
    Path current = real.getRoot();
    for (Path name : real) {
      current = current.resolve(name);
      BasicFileAttributes a = attributes(path, current);
      if (a == null) {
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException e) {
          // created concurrently: checked below
        }
        a = attributes(path, current);
        if (a == null) {
          throw new NoSuchFileException(current.toString(), null, "vanished after it was created");
        }
      }
      if (!a.isDirectory()) {
        throw new FileAlreadyExistsException(current.toString(), null, "exists and is not a directory");
      }
    }
    verify(path, Access.WRITE, resolved, null);
  }

  // ------------------------------------------------------------------ internals

  private ResolvedPath allowed(String path, Access access) throws IOException {
    Objects.requireNonNull(path, "path must not be null");
    ResolvedPath j = check.resolvePath(path, access, workingDirectory);
    if (!j.decision().isAllow() || j.real() == null) {
      throw new FileAccessDeniedException(path, j.decision());
    }
    // An approved call may act only on the approved real path: refused before anything is opened or created.
    Optional<Decision> notApproved = ApprovedTargets.current().flatMap(t -> t.checkFile(j.real(), null));
    if (notApproved.isPresent()) {
      throw new FileAccessDeniedException(path, notApproved.get());
    }
    return j;
  }

  /** Attributes of {@code real} without following links; null if missing; a link there is a refusal. */
  private static BasicFileAttributes attributes(String path, Path real) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (a.isSymbolicLink()) {
      throw changed(path, real + " became a symbolic link after the check");
    }
    return a;
  }

  private static SeekableByteChannel open(String path, Path real, Set<StandardOpenOption> options,
      Object expectedKey, boolean write) throws IOException {
    if (HANDLES) {
      return HandleWalk.open(real, options, expectedKey, write, what -> changed(path, what),
          what -> notRegular(path, what));
    }
    Set<OpenOption> all = new java.util.HashSet<>(options);
    all.add(LinkOption.NOFOLLOW_LINKS);
    try {
      return Files.newByteChannel(real, all);
    } catch (IOException e) {
      if (Files.isSymbolicLink(real)) {
        throw changed(path, real + " became a symbolic link after the check");
      }
      throw e;
    }
  }

  /** Checks that {@code real} still resolves to itself, is the same file, and is still allowed. */
  private void verify(String path, Access access, ResolvedPath resolvedAgain, Object expectedKey)
      throws IOException {
    Path real = resolvedAgain.real();
    Optional<String> moved = resolvedAgain.whatChanged();
    if (moved.isPresent()) {
      throw changed(path, moved.get());
    }
    BasicFileAttributes a = attributes(path, real);
    if (a == null) {
      throw changed(path, real + " disappeared after it was opened");
    }
    if (expectedKey != null && !expectedKey.equals(a.fileKey())) {
      throw changed(path, real + " was replaced by another file after the check");
    }
    Decision again = check.check(real.toString(), access, null);
    if (!again.isAllow()) {
      throw new FileAccessDeniedException(path, again);
    }
    // An approved call may act only on the file that was approved (same real path, same file).
    Optional<Decision> notApproved = ApprovedTargets.current().flatMap(t -> t.checkFile(real, a.fileKey()));
    if (notApproved.isPresent()) {
      throw new FileAccessDeniedException(path, notApproved.get());
    }
  }

  private static FileAccessDeniedException changed(String path, String what) {
    return new FileAccessDeniedException(path, Decision.deny(CheckNames.FILESYSTEM, RULE_CHANGED_AFTER_CHECK,
        "'" + UntrustedText.printable(path) + "' changed between the policy check and its use: " + what));
  }

  private static FileAccessDeniedException notRegular(String path, String what) {
    return new FileAccessDeniedException(path, Decision.deny(CheckNames.FILESYSTEM, RULE_NOT_REGULAR_FILE,
        "'" + UntrustedText.printable(path) + "' is refused: " + what + " (only regular files are read or"
            + " written)"));
  }

  private static void closeQuietly(AutoCloseable c, Throwable primary) {
    try {
      c.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
