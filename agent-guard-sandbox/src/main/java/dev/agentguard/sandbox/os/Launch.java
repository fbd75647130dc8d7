package dev.agentguard.sandbox.os;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One prepared start of a command: the argv to start (the sandbox launcher, the prologue, the command), the
 * variables to add to its environment, whether it is confined, and how to stop everything it started. Close it
 * when the process has ended: the relay, the placeholders and the run directory go away. Not thread-safe.
 */
public final class Launch implements AutoCloseable {

  private static final int MAX_KILL_ROUNDS = 200;

  private final List<String> argv;
  private final Map<String, String> environment;
  private final String confinement;
  private final boolean namespace;
  private final boolean processGroup;
  private final AutoCloseable cleanup;

  Launch(List<String> argv, Map<String, String> environment, String confinement, boolean namespace,
      boolean processGroup, AutoCloseable cleanup) {
    this.argv = List.copyOf(argv);
    this.environment = Map.copyOf(environment);
    this.confinement = confinement;
    this.namespace = namespace;
    this.processGroup = processGroup;
    this.cleanup = cleanup;
  }

  /**
   * The argv to start.
   *
   * @return the full argv: the sandbox launcher, the prologue and the command; unmodifiable
   */
  public List<String> argv() {
    return argv;
  }

  /**
   * Variables to set in the started process's environment (the proxy variables).
   *
   * @return the variables, unmodifiable; empty without an egress proxy
   */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * Whether the command runs confined by an OS sandbox.
   *
   * @return whether the command runs confined
   */
  public boolean confined() {
    return namespace || confinement.startsWith("seatbelt");
  }

  /**
   * How the command is confined, for events and people: {@code bubblewrap}, {@code seatbelt} or why not.
   *
   * @return the confinement's description
   */
  public String confinement() {
    return confinement;
  }

  /**
   * Whether the exit status and stderr say the prologue refused to start the command (the working directory
   * changed after the check, or the forwarder did not start).
   *
   * @param exit the process's exit status
   * @param stderr its standard error, or {@code null}
   * @return whether the prologue refused (the command itself never ran)
   */
  public static boolean refusedByPrologue(int exit, String stderr) {
    return exit == Wrapper.REFUSED && stderr != null && stderr.startsWith(Wrapper.MARK);
  }

  /**
   * Kills everything {@code process} started and waits until nothing is left: in a PID namespace, killing the
   * sandbox's launcher takes the whole namespace down at once; in a process group of its own, the group is sent
   * SIGKILL until no member remains; otherwise every descendant found is killed.
   *
   * @param process the process started from this launch
   * @throws InterruptedException if interrupted while waiting for the processes to die
   */
  public void terminate(Process process) throws InterruptedException {
    Objects.requireNonNull(process, "process must not be null");
    if (namespace) {
      // Everything the command started lives in the sandbox's PID namespace, whose init dies with the launcher
      // (--die-with-parent) and takes every other member with it: killing the launcher is exact and enough.
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      process.waitFor(5, TimeUnit.SECONDS);
      return;
    }
    List<ProcessHandle> seen = process.isAlive() ? process.descendants().toList() : List.of();
    seen.forEach(ProcessHandle::destroyForcibly);
    if (processGroup) {
      long group = process.pid();
      for (int i = 0; i < MAX_KILL_ROUNDS && signalGroup(group, "-KILL"); i++) {
        if (!signalGroup(group, "-0")) {
          break;
        }
      }
    } else {
      for (int round = 0; round < MAX_KILL_ROUNDS; round++) {
        List<ProcessHandle> left = process.descendants().filter(ProcessHandle::isAlive).toList();
        if (left.isEmpty()) {
          break;
        }
        left.forEach(ProcessHandle::destroyForcibly);
      }
    }
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    process.waitFor(5, TimeUnit.SECONDS);
  }

  /** Sends a signal to a process group; true when some member received it. */
  private static boolean signalGroup(long group, String signal) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", signal, "--", "-" + group)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      cleanup.close();
    } catch (Exception e) {
      // best effort: a placeholder left behind is empty and read-only to nobody
    }
  }
}
