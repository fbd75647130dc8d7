package dev.agentguard.sandbox.os;

import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.FileSystemRules;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.SandboxMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the OS sandbox lets a command touch, derived from a policy: the write roots (read-write), the read roots
 * (read-only), the home directory the command sees, the paths that are never writable from inside (the policy
 * file, the audit log, the guard's own configuration) and the filesystem check whose deny globs and protected set
 * are applied inside the roots. Immutable and thread-safe.
 */
public final class SandboxSpec {

  private final List<Path> writeRoots;
  private final List<Path> readRoots;
  private final Path home;
  private final List<Path> neverWritable;
  private final FileSystemCheck check;
  private final SandboxMode mode;

  private SandboxSpec(List<Path> writeRoots, List<Path> readRoots, Path home, List<Path> neverWritable,
      FileSystemCheck check, SandboxMode mode) {
    this.writeRoots = List.copyOf(writeRoots);
    this.readRoots = List.copyOf(readRoots);
    this.home = home;
    this.neverWritable = List.copyOf(neverWritable);
    this.check = check;
    this.mode = mode;
  }

  /**
   * The sandbox for {@code policy} in {@code env}: its roots resolved (a root that does not exist is left out),
   * its deny globs and protected set, and its {@code sandbox.mode}.
   *
   * @param policy the policy whose filesystem roots and sandbox mode apply
   * @param env the home directory and variables the roots are expanded with
   * @return the spec
   */
  public static SandboxSpec of(Policy policy, GuardEnvironment env) {
    Objects.requireNonNull(policy, "policy must not be null");
    Objects.requireNonNull(env, "env must not be null");
    Set<Path> write = new LinkedHashSet<>();
    Set<Path> read = new LinkedHashSet<>();
    for (FileSystemRules.Root r : policy.filesystem().roots()) {
      Path real = resolveRoot(r.path(), env);
      if (real == null) {
        continue;
      }
      (r.access() == FileSystemRules.RootAccess.READ_WRITE ? write : read).add(real);
    }
    read.removeAll(write);
    return new SandboxSpec(new ArrayList<>(write), new ArrayList<>(read), env.home(), List.of(),
        new FileSystemCheck(policy.filesystem(), env), policy.sandbox().mode());
  }

  private static Path resolveRoot(String path, GuardEnvironment env) {
    String expanded = env.expand(path);
    if (expanded.equals("~") || expanded.startsWith("~/")) {
      expanded = env.home() + expanded.substring(1);
    }
    try {
      return Path.of(expanded).toRealPath();
    } catch (IOException | RuntimeException e) {
      return null; // a root that does not exist grants nothing inside the sandbox either
    }
  }

  /**
   * A copy in which {@code paths} are never writable from inside, whatever the roots say (the policy file, the
   * audit log, the guard's configuration).
   *
   * @param paths files or directories to keep read-only (made absolute and normalised)
   * @return the copy
   */
  public SandboxSpec withNeverWritable(Path... paths) {
    List<Path> all = new ArrayList<>(neverWritable);
    for (Path p : Objects.requireNonNull(paths, "paths must not be null")) {
      all.add(p.toAbsolutePath().normalize());
    }
    return new SandboxSpec(writeRoots, readRoots, home, all, check, mode);
  }

  /**
   * The directories bound read-write (real paths).
   *
   * @return the read-write roots, unmodifiable
   */
  public List<Path> writeRoots() {
    return writeRoots;
  }

  /**
   * The directories bound read-only (real paths).
   *
   * @return the read-only roots, unmodifiable
   */
  public List<Path> readRoots() {
    return readRoots;
  }

  /**
   * The home directory the command sees ({@code HOME}).
   *
   * @return the home directory
   */
  public Path home() {
    return home;
  }

  /**
   * Paths never writable from inside.
   *
   * @return the paths, absolute and normalised, unmodifiable
   */
  public List<Path> neverWritable() {
    return neverWritable;
  }

  /**
   * The check whose deny globs and protected set apply inside the roots.
   *
   * @return the filesystem check built from the policy
   */
  public FileSystemCheck check() {
    return check;
  }

  /**
   * The policy's sandbox mode.
   *
   * @return off, preferred or required
   */
  public SandboxMode mode() {
    return mode;
  }
}
