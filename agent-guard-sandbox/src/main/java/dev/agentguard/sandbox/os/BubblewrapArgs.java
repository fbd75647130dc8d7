package dev.agentguard.sandbox.os;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a {@link MountPlan} into a {@code bwrap} command line: every namespace unshared (only loopback inside),
 * all capabilities dropped, the sandbox dies with its parent and runs in a session of its own; the system
 * directories read-only, {@code /proc}, {@code /dev} and {@code /tmp} fresh, the roots bound as the policy grants
 * them, then the protected and masked paths on top. A pure function of its inputs.
 */
final class BubblewrapArgs {

  /** System directories bound read-only when they exist (a symbolic link is recreated as a link). */
  static final List<String> SYSTEM = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
      "/etc", "/opt");
  /** Files under the system directories that hold secrets: masked by an empty file. */
  static final List<String> SYSTEM_SECRETS = List.of("/etc/shadow", "/etc/shadow-", "/etc/gshadow",
      "/etc/gshadow-", "/etc/sudoers", "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key",
      "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_dsa_key");
  /** Where the relay socket appears inside. */
  static final String SOCKET = "/run/agent-guard/proxy.sock";

  private BubblewrapArgs() {}

  /**
   * The argv that runs {@code inner} in the sandbox.
   *
   * @param bwrap the {@code bwrap} executable
   * @param plan what to mount
   * @param home the home directory the command sees
   * @param empty an empty read-only file (the source of masks and file placeholders)
   * @param emptyDir an empty read-only directory (the source of directory masks and placeholders)
   * @param socket the relay's socket on the host, bound at {@value #SOCKET}, or {@code null} for none
   * @param inner the command to run inside
   */
  static List<String> build(Path bwrap, MountPlan plan, Path home, Path empty, Path emptyDir, Path socket,
      List<String> inner) {
    List<String> a = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent",
        "--new-session", "--cap-drop", "ALL"));
    addSystem(a, empty);
    add(a, "--proc", "/proc");
    add(a, "--dev", "/dev");
    addRoots(a, plan, home);
    for (Path p : plan.pinned()) {
      add(a, "--bind", p.toString(), p.toString());
    }
    addCovers(a, plan, empty, emptyDir);
    if (socket != null) {
      add(a, "--ro-bind", socket.toString(), SOCKET);
    }
    add(a, "--setenv", "HOME", home.toString());
    a.add("--");
    a.addAll(inner);
    return a;
  }

  /** The system directories read-only (links recreated as links), their secret files masked by {@code empty}. */
  private static void addSystem(List<String> a, Path empty) {
    for (String dir : SYSTEM) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        try {
          add(a, "--symlink", Files.readSymbolicLink(p).toString(), dir);
        } catch (java.io.IOException e) {
          // unreadable link: leave the name out
        }
      } else if (Files.isDirectory(p)) {
        add(a, "--ro-bind", dir, dir);
      }
    }
    for (String secret : SYSTEM_SECRETS) {
      if (Files.isRegularFile(Path.of(secret), LinkOption.NOFOLLOW_LINKS)) {
        add(a, "--ro-bind", empty.toString(), secret);
      }
    }
  }

  /**
   * A fresh {@code /tmp}, the home directory (unless a root holds it) and the read and write roots, shallowest
   * first so that a deeper root is mounted over a shallower one.
   */
  private static void addRoots(List<String> a, MountPlan plan, Path home) {
    List<String[]> base = new ArrayList<>();
    base.add(new String[] {"--tmpfs", "/tmp"});
    if (!underAny(home, plan.writeRoots()) && !underAny(home, plan.readRoots())) {
      base.add(new String[] {"--dir", home.toString()});
    }
    for (Path r : plan.readRoots()) {
      base.add(new String[] {"--ro-bind", r.toString()});
    }
    for (Path r : plan.writeRoots()) {
      base.add(new String[] {"--bind", r.toString()});
    }
    base.sort(Comparator.comparingInt(o -> Path.of(o[1]).getNameCount()));
    for (String[] m : base) {
      if (m[0].equals("--tmpfs") || m[0].equals("--dir")) {
        add(a, m[0], m[1]);
      } else {
        add(a, m[0], m[1], m[1]);
      }
    }
  }

  /**
   * The paths laid over the roots, shallowest first: read-only paths bound onto themselves, masked paths and
   * placeholders for missing files and directories bound from {@code empty} or {@code emptyDir}.
   */
  private static void addCovers(List<String> a, MountPlan plan, Path empty, Path emptyDir) {
    List<Path> cover = new ArrayList<>(plan.readOnly());
    cover.addAll(plan.masked());
    cover.addAll(plan.missingFiles());
    cover.addAll(plan.missingDirs());
    cover.sort(Comparator.comparingInt(Path::getNameCount));
    for (Path p : cover) {
      if (plan.masked().contains(p)) {
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        add(a, "--ro-bind", (dir ? emptyDir : empty).toString(), p.toString());
      } else if (plan.missingFiles().contains(p)) {
        add(a, "--ro-bind", empty.toString(), p.toString());
      } else if (plan.missingDirs().contains(p)) {
        add(a, "--ro-bind", emptyDir.toString(), p.toString());
      } else {
        add(a, "--ro-bind", p.toString(), p.toString());
      }
    }
  }

  private static boolean underAny(Path p, List<Path> roots) {
    for (Path r : roots) {
      if (p.startsWith(r)) {
        return true;
      }
    }
    return false;
  }

  private static void add(List<String> a, String... words) {
    a.addAll(List.of(words));
  }
}
