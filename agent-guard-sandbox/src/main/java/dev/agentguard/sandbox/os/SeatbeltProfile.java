package dev.agentguard.sandbox.os;

import java.nio.file.Path;
import java.util.List;

/**
 * Generates the macOS Seatbelt ({@code sandbox-exec}) profile for a {@link MountPlan}: everything denied by
 * default; the system readable; the read roots readable and the write roots readable and writable; the protected
 * names (at any depth inside a write root, whether they exist or not), the never-writable paths and the
 * protected paths found by the walk not writable; the deny-glob matches neither readable nor writable; no network
 * but the egress proxy on loopback. Later rules win in Seatbelt, so the denials come after the grants.
 */
final class SeatbeltProfile {

  /** Directories a process needs to read to run at all on macOS. */
  static final List<String> SYSTEM_READ = List.of("/usr", "/bin", "/sbin", "/System", "/Library",
      "/private/etc", "/private/var/db", "/dev", "/opt/homebrew", "/usr/local", "/Applications/Xcode.app");

  private SeatbeltProfile() {}

  static String generate(MountPlan plan, SandboxSpec spec, int proxyPort) {
    StringBuilder p = new StringBuilder();
    p.append("(version 1)\n(deny default)\n");
    p.append("(allow process-exec process-fork)\n");
    p.append("(allow signal (target same-sandbox))\n");
    p.append("(allow sysctl-read mach-lookup ipc-posix-shm iokit-open)\n");
    p.append("(allow file-read-metadata)\n");
    p.append("(allow file-read*");
    for (String s : SYSTEM_READ) {
      p.append(' ').append(subpath(s));
    }
    p.append(")\n");
    p.append("(allow file-write* (literal \"/dev/null\") (literal \"/dev/tty\") (regex #\"^/dev/fd/\"))\n");
    p.append("(allow file-read* file-write* (subpath \"/private/tmp\") (subpath \"/private/var/folders\"))\n");
    for (Path r : plan.readRoots()) {
      p.append("(allow file-read* ").append(subpath(r.toString())).append(")\n");
    }
    for (Path r : plan.writeRoots()) {
      p.append("(allow file-read* file-write* ").append(subpath(r.toString())).append(")\n");
    }
    for (Path r : plan.writeRoots()) {
      String prefix = "^" + regexQuote(r.toString()) + "/(.*/)?";
      for (String name : MountPlan.PROTECTED_FILES) {
        p.append("(deny file-write* (regex #\"").append(prefix).append(regexQuote(name)).append("$\"))\n");
      }
      for (String name : MountPlan.PROTECTED_DIRS) {
        p.append("(deny file-write* (regex #\"").append(prefix).append(regexQuote(name)).append("(/|$)\"))\n");
      }
      p.append("(deny file-write* (regex #\"").append(prefix)
          .append("\\.git/(hooks|config|config\\.worktree|modules|worktrees)(/|$)\"))\n");
    }
    for (Path ro : plan.readOnly()) {
      p.append("(deny file-write* ").append(subpath(ro.toString())).append(")\n");
    }
    for (Path ro : spec.neverWritable()) {
      p.append("(deny file-write* ").append(subpath(ro.toString())).append(")\n");
    }
    for (Path m : plan.masked()) {
      p.append("(deny file-read* file-write* ").append(subpath(m.toString())).append(")\n");
    }
    p.append("(deny network*)\n");
    if (proxyPort > 0) {
      p.append("(allow network-outbound (remote tcp \"localhost:").append(proxyPort).append("\"))\n");
    }
    return p.toString();
  }

  /** A Seatbelt string literal: backslashes and quotes escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  private static String subpath(String path) {
    return "(subpath " + quote(path) + ")";
  }

  /** Escapes every regex metacharacter (and the quote) for a Seatbelt {@code #"..."} regex. */
  static String regexQuote(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\^$.|?*+()[]{}\"".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
