package dev.agentguard.core.internal;

import dev.agentguard.api.Evaluation;
import dev.agentguard.api.Resource;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.fs.ResolvedPath;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.ResolvedTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a judged call's resources resolve to: real paths with file identities, hosts with their addresses, and
 * the commands as the command check judged them ({@link CommandCheck#bind}: parsed words, programs resolved to
 * real files, file effects, the real working directory), not their text. Its {@link #lines()} go into the approval
 * fingerprint (so a SESSION approval reaches only the same targets) and its {@link #targets()} bind the approved
 * call's guarded I/O. Immutable.
 */
public final class TargetResolution {

  private final List<String> lines;
  private final List<String> identities;
  private final ApprovedTargets targets;

  private TargetResolution(List<String> lines, List<String> identities, ApprovedTargets targets) {
    this.lines = List.copyOf(lines);
    this.identities = List.copyOf(identities);
    this.targets = targets;
  }

  /**
   * Resolves the resources of {@code evaluation} for a call run in {@code workingDirectory} (may be null); bare
   * program names are looked up on this process's {@code PATH}.
   */
  public static TargetResolution of(Evaluation evaluation, String workingDirectory, FileSystemCheck files,
      NetworkCheck network, CommandCheck commands) {
    List<String> lines = new ArrayList<>();
    List<String> identities = new ArrayList<>();
    ApprovedTargets.Builder targets = ApprovedTargets.builder();
    for (Resource r : evaluation.resources()) {
      if (r instanceof Resource.FileAccess) {
        Resource.FileAccess f = (Resource.FileAccess) r;
        ResolvedPath p = files.resolvePath(f.path(), f.access(), workingDirectory);
        Path real = p.real();
        Object key = real == null ? null : fileKey(real);
        lines.add("file " + f.access() + " " + real);
        identities.add("file " + real + " " + key);
        if (real != null) {
          targets.file(real, key);
        }
      } else if (r instanceof Resource.NetworkAccess) {
        ResolvedTarget t = network.resolveTarget(((Resource.NetworkAccess) r).url());
        if (t.parsed()) {
          List<String> addresses = new ArrayList<>();
          for (InetAddress a : t.addresses()) {
            addresses.add(a.getHostAddress());
          }
          addresses.sort(null);
          lines.add("net " + t.scheme() + " " + t.host() + " " + t.port() + " " + addresses);
          targets.host(t.host(), t.port(), t.addresses());
        } else {
          lines.add("net unparsed");
        }
      } else {
        CommandCheck.Binding bound = commands.bind((Resource.CommandExec) r, workingDirectory,
            System.getenv("PATH"));
        lines.add("cmd " + bound.lines().size());
        lines.addAll(bound.lines());
        identities.addAll(bound.identities());
        targets.command(commands, bound);
      }
    }
    return new TargetResolution(lines, identities, targets.build());
  }

  private static Object fileKey(Path real) {
    try {
      return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** One line per resolved target, for the fingerprint. */
  public List<String> lines() {
    return lines;
  }

  /** The targets an approval binds. */
  public ApprovedTargets targets() {
    return targets;
  }

  /**
   * Whether {@code now}, resolved later, reaches the same targets: the same lines and the same file identities
   * (a file replaced between the approval and the run is another target).
   */
  public boolean sameTargets(TargetResolution now) {
    Objects.requireNonNull(now, "now must not be null");
    return lines.equals(now.lines) && identities.equals(now.identities);
  }
}
