package dev.agentguard.sandbox.os;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /bin/sh} prologue every confined (or unconfined) command starts through: it changes into the working
 * directory, verifies that the directory it is now in is the one that was checked (a directory swapped for a
 * symbolic link after the check is refused, not followed), starts the network forwarder when there is one and
 * waits until it listens, then replaces itself with the command ({@code exec}, argv unchanged).
 */
final class Wrapper {

  /** What the prologue prints on stderr before it refuses to start the command. */
  static final String MARK = "agent-guard-sandbox: ";
  /** The prologue's exit status when it refused to start the command. */
  static final int REFUSED = 125;
  /** The loopback port the forwarder listens on inside the sandbox. */
  static final int PROXY_PORT = 3128;

  private static final String SCRIPT = String.join("\n",
      "d=$1; f=$2; s=$3; shift 3",
      "cd -P -- \"$d\" 2>/dev/null || { echo \"" + MARK + "cannot enter the working directory $d\" >&2; exit "
          + REFUSED + "; }",
      "[ \"$PWD\" = \"$d\" ] || { echo \"" + MARK + "the working directory $d changed after the check\" >&2;"
          + " exit " + REFUSED + "; }",
      "if [ -n \"$s\" ]; then",
      "  \"$f\" TCP-LISTEN:" + PROXY_PORT + ",bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:\"$s\" 2>/dev/null &",
      "  i=0",
      "  while ! grep -q ' 0100007F:" + String.format("%04X", PROXY_PORT) + " 00000000:0000 0A' /proc/net/tcp;"
          + " do",
      "    i=$((i+1)); [ $i -lt 3000 ] || { echo \"" + MARK + "the network forwarder did not start\" >&2;"
          + " exit " + REFUSED + "; }",
      "  done",
      "fi",
      "exec \"$@\"");

  private Wrapper() {}

  /**
   * The argv that runs {@code command} in {@code dir} through the prologue.
   *
   * @param forwarder the {@code socat} executable, or {@code null} for no forwarder
   * @param socket the relay socket as seen by the command, or {@code null} for no forwarder
   */
  static List<String> argv(Path dir, String forwarder, String socket, List<String> command) {
    List<String> a = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "agent-guard-sandbox", dir.toString(),
        forwarder == null ? "" : forwarder, socket == null ? "" : socket));
    a.addAll(command);
    return a;
  }

  /** The proxy URL a command inside sees. */
  static String proxyUrl() {
    return "http://127.0.0.1:" + PROXY_PORT;
  }
}
