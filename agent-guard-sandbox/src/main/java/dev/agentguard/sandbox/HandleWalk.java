package dev.agentguard.sandbox;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens files the race-free way where the platform allows it: walks a real path from the root one component at a
 * time through directory handles ({@link SecureDirectoryStream}, {@code openat} with {@code O_NOFOLLOW} on
 * Linux), so that no component can be a symbolic link when it is crossed; reads the final entry's attributes
 * through its directory's handle without following links (a FIFO or device is refused before it is opened); and
 * after the open identifies the opened file itself through {@code /proc/self/fd} (its identity and link count),
 * so a hard link or another file swapped in between is refused.
 */
final class HandleWalk {

  /** What the handle-based open found. */
  interface Refusal {
    IOException refuse(String what);
  }

  private static final Path PROC_FDS = Path.of("/proc/self/fd");
  private static final Path PROC_FDINFO = Path.of("/proc/self/fdinfo");

  private HandleWalk() {}

  /** Whether directory handles are available (Linux, and macOS with {@code openat}). */
  static boolean supported() {
    try (DirectoryStream<Path> root = Files.newDirectoryStream(Path.of("/"))) {
      return root instanceof SecureDirectoryStream;
    } catch (IOException e) {
      return false;
    }
  }

  /** Opens the directory {@code real} through handles, never crossing a symbolic link. */
  @SuppressWarnings("unchecked")
  static SecureDirectoryStream<Path> directory(Path real, Refusal changed) throws IOException {
    DirectoryStream<Path> root = Files.newDirectoryStream(real.getRoot());
    if (!(root instanceof SecureDirectoryStream)) {
      root.close();
      throw new IOException("directory handles are not supported here");
    }
    SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) root;
    for (Path name : real) {
      SecureDirectoryStream<Path> next;
      try {
        BasicFileAttributes a = attributes(dir, name);
        if (a == null) {
          dir.close();
          throw new NoSuchFileException(real.toString(), null, "missing component " + name);
        }
        if (!a.isDirectory()) {
          dir.close();
          throw changed.refuse(name + " in " + real + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a"
              + " directory") + " now");
        }
        next = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        dir.close();
        throw e;
      }
      dir.close();
      dir = next;
    }
    return dir;
  }

  /** Attributes of {@code name} in {@code dir}, not following a link; null when missing. */
  static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Opens {@code real}'s final entry through its directory's handle. The entry must be a regular file (or
   * missing, when {@code options} create it) and, when {@code expectedKey} is given, the file that was checked.
   */
  static SeekableByteChannel open(Path real, Set<? extends OpenOption> options, Object expectedKey,
      boolean write, Refusal changed, Refusal notRegular) throws IOException {
    Path parent = real.getParent();
    Path name = real.getFileName();
    if (parent == null || name == null) {
      throw notRegular.refuse(real + " is not a regular file");
    }
    try (SecureDirectoryStream<Path> dir = directory(parent, changed)) {
      BasicFileAttributes before = attributes(dir, name);
      if (before != null) {
        if (before.isSymbolicLink()) {
          throw changed.refuse(real + " became a symbolic link after the check");
        }
        if (!before.isRegularFile()) {
          throw notRegular.refuse(real + " is " + kind(before) + ", not a regular file");
        }
        if (expectedKey != null && !expectedKey.equals(before.fileKey())) {
          throw changed.refuse(real + " was replaced by another file after the check");
        }
      } else if (expectedKey != null) {
        throw changed.refuse(real + " disappeared after the check");
      }
      Set<OpenOption> all = new HashSet<>(options);
      all.add(LinkOption.NOFOLLOW_LINKS);
      Set<String> fdsBefore = null;
      SeekableByteChannel channel;
      // The listing stays open across the open, so its own descriptor number cannot be reused by the file.
      try (DirectoryStream<Path> listing = procFds()) {
        if (listing != null) {
          fdsBefore = new HashSet<>();
          for (Path fd : listing) {
            fdsBefore.add(fd.getFileName().toString());
          }
        }
        channel = dir.newByteChannel(name, all);
      }
      try {
        BasicFileAttributes now = attributes(dir, name);
        Object key = before != null ? before.fileKey() : now == null ? null : now.fileKey();
        if (now == null || key == null || !key.equals(now.fileKey()) || !now.isRegularFile()) {
          throw changed.refuse(real + " was replaced while it was opened");
        }
        verifyOpened(real, key, write, fdsBefore, changed, channel);
        return channel;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
  }

  /**
   * Identifies the file just opened under {@code real} through {@code /proc/self/fd}: every descriptor that
   * appeared with the open and names {@code real} must be the checked file and, for a write, have one link only.
   * Without {@code /proc} (macOS) the directory handle and the before/after identity are all there is.
   */
  private static void verifyOpened(Path real, Object key, boolean write, Set<String> before, Refusal changed,
      SeekableByteChannel channel) throws IOException {
    if (before == null) {
      return;
    }
    boolean found = false;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FDS)) {
      for (Path fd : fds) {
        if (before.contains(fd.getFileName().toString())) {
          continue;
        }
        String target = namedTarget(fd, real);
        if (target != null && verifyDescriptor(fd, target, real, key, write, changed)) {
          found = true;
        }
      }
    }
    if (!found && !foundUnderReusedNumber(real, key, write, before, changed, channel)) {
      throw changed.refuse(real + " was moved while it was opened");
    }
  }

  /**
   * Another thread may close a descriptor between the listing and the open, and the open then gets its number
   * (the lowest free one): the opened file hides among the numbers listed before. It is found by a mark: the
   * channel's position is set to a random value, and the descriptor naming {@code real} whose position is that
   * value is this channel's (a position belongs to one open file, which nothing else shares). That descriptor is
   * then verified like a new one. The position is restored before returning.
   */
  private static boolean foundUnderReusedNumber(Path real, Object key, boolean write, Set<String> before,
      Refusal changed, SeekableByteChannel channel) throws IOException {
    long saved = channel.position();
    // Below 2 GiB, a position common file systems accept whatever their largest file; if refused, fail closed.
    long mark = ThreadLocalRandom.current().nextLong(1L << 30, 1L << 31);
    try {
      channel.position(mark);
    } catch (IOException e) {
      return false;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FDS)) {
      for (Path fd : fds) {
        String name = fd.getFileName().toString();
        if (!before.contains(name)) {
          continue;
        }
        String target = namedTarget(fd, real);
        if (target != null && position(name) == mark) {
          return verifyDescriptor(fd, target, real, key, write, changed);
        }
      }
      return false;
    } finally {
      channel.position(saved);
    }
  }

  /** The link target of descriptor {@code fd} when it names {@code real} (maybe as deleted), else null. */
  private static String namedTarget(Path fd, Path real) {
    String target;
    try {
      target = Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return null;
    }
    String path = real.toString();
    return target.equals(path) || target.equals(path + " (deleted)") ? target : null;
  }

  /**
   * Checks that descriptor {@code fd} (naming {@code real}) holds the checked file, not deleted, and for a write
   * with one link only; false when its attributes cannot be read (it closed meanwhile).
   */
  private static boolean verifyDescriptor(Path fd, String target, Path real, Object key, boolean write,
      Refusal changed) throws IOException {
    Object opened;
    Integer links;
    try {
      opened = Files.readAttributes(fd, BasicFileAttributes.class).fileKey();
      links = (Integer) Files.getAttribute(fd, "unix:nlink");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
    if (!key.equals(opened) || target.endsWith(" (deleted)")) {
      throw changed.refuse(real + " was swapped for another file while it was opened");
    }
    if (write && links != null && links > 1) {
      throw changed.refuse(real + " has " + links + " hard links now: it may be another file under this name");
    }
    return true;
  }

  /** The file position of descriptor {@code fd} from {@code /proc/self/fdinfo}, or -1 if unreadable. */
  private static long position(String fd) {
    try {
      for (String line : Files.readAllLines(PROC_FDINFO.resolve(fd), StandardCharsets.US_ASCII)) {
        if (line.startsWith("pos:")) {
          return Long.parseLong(line.substring(4).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // closed meanwhile, or not the expected format: not this channel's
    }
    return -1;
  }

  /** This process's open descriptors, or null without {@code /proc}. */
  private static DirectoryStream<Path> procFds() throws IOException {
    return Files.isDirectory(PROC_FDS) ? Files.newDirectoryStream(PROC_FDS) : null;
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isOther() ? "a FIFO, socket or device" : "not a regular file";
  }
}
