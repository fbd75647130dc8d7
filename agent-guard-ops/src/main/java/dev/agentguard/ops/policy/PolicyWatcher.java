package dev.agentguard.ops.policy;

import dev.agentguard.api.Durations;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.core.AgentGuard;
import dev.agentguard.core.policy.ComposedPolicy;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.PolicyError;
import dev.agentguard.core.policy.PolicyException;
import dev.agentguard.core.policy.PolicyLoader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Watches policy files and swaps in a changed policy atomically. A file that changes into something invalid
 * (or disappears) keeps the previous policy in force, and the {@link Listener} is told why.
 *
 * <p>The watcher registers a {@link WatchService} on each file's directory and also compares the files' content
 * at every poll interval, so it notices editors that replace a file by renaming, symbolic-link swaps (such as a
 * Kubernetes ConfigMap) and file systems whose watch service is slow or absent. A change is debounced: the
 * content must stay the same for the debounce period before it is loaded. Each watcher owns one daemon thread
 * and nothing global; {@link #close()} stops it.
 *
 * <p>A host needs a few lines:
 *
 * <pre>{@code
 * PolicyWatcher watcher = PolicyWatcher.builder(List.of(Path.of("/etc/agent-guard/policy.yaml")))
 *     .guardFactory(policy -> AgentGuard.builder()
 *         .policy(policy)
 *         .environment(GuardEnvironment.ofWorkspace(workspace))
 *         .approver(approver)
 *         .build())
 *     .listener(PolicyWatcher.Listener.logging(System.err::println))
 *     .start();                                  // throws if the first load fails
 * ToolExecutor guarded = watcher.wrap(executor); // every call is checked by the current policy
 * ...
 * watcher.close();
 * }</pre>
 *
 * <p>A call that is already running keeps the guard it started with; the next call sees the new policy. A call
 * still waiting for approval when the policy changes runs only if the new policy would not deny it.
 */
public final class PolicyWatcher implements Closeable {

  /** Told about every reload attempt. Exceptions it throws are ignored; they never stop the watcher. */
  public interface Listener {

    /**
     * A changed policy was loaded and is now in force.
     *
     * @param policy the new effective policy
     * @param warnings loosening attempts refused by layering (see {@link ComposedPolicy#warnings()})
     */
    default void onReloaded(Policy policy, List<String> warnings) {}

    /**
     * A change could not be loaded; the previous policy stays in force.
     *
     * @param reason one line saying why, for logs
     * @param errors every located error, each {@code FILE:LINE:COL: message}; empty when the problem has no
     *     position (a missing or unreadable file, a guard factory failure)
     */
    default void onRejected(String reason, List<PolicyError> errors) {}

    /**
     * A listener that writes one line per event (and one per error) to {@code sink}.
     *
     * @param sink receives each line; not {@code null}
     * @return a listener that writes one line per event (and one per error) to {@code sink}
     */
    static Listener logging(java.util.function.Consumer<String> sink) {
      Objects.requireNonNull(sink, "sink must not be null");
      return new Listener() {
        @Override
        public void onReloaded(Policy policy, List<String> warnings) {
          sink.accept("agent-guard: policy reloaded" + (warnings.isEmpty() ? "" : " (" + warnings.size()
              + " loosening attempt(s) refused)"));
          warnings.forEach(w -> sink.accept("agent-guard: " + w));
        }

        @Override
        public void onRejected(String reason, List<PolicyError> errors) {
          sink.accept("agent-guard: policy change rejected, previous policy kept: " + reason);
          errors.forEach(e -> sink.accept("agent-guard: " + e));
        }
      };
    }
  }

  /** The policy in force and the guard built from it, swapped together. */
  private record State(ComposedPolicy policy, AgentGuard guard) {}

  /** An executor wrapped by one guard. */
  private record Wrapped(AgentGuard guard, ToolExecutor executor) {}

  private final List<Path> files;
  private final Path workspace;
  private final Function<Policy, AgentGuard> guardFactory;
  private final Listener listener;
  private final Duration debounce;
  private final Duration pollInterval;
  private final AtomicReference<State> state = new AtomicReference<>();
  private final Object reloadLock = new Object();
  /** Change events in the files' directories, or null without a watch service (then polling alone). */
  private final PolicyFileEvents events;
  private final Thread thread;
  private volatile boolean closed;
  private byte[] fingerprint;

  private PolicyWatcher(Builder b) throws PolicyException, IOException {
    this.files = List.copyOf(b.files);
    this.workspace = b.workspace;
    this.guardFactory = b.guardFactory;
    this.listener = b.listener;
    this.debounce = b.debounce;
    this.pollInterval = b.pollInterval;
    this.fingerprint = PolicyFingerprint.of(files);
    ComposedPolicy first = load();
    state.set(new State(first, Objects.requireNonNull(guardFactory.apply(first.policy()),
        "the guard factory returned null")));
    this.events = PolicyFileEvents.open(files);
    this.thread = new Thread(this::run, "agent-guard-policy-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Returns a builder watching {@code files}: one policy file, or layers from first (base) to last.
   *
   * @param files the policy files, base first; not empty
   * @return a builder watching {@code files}: one policy file, or layers from first (base) to last
   */
  public static Builder builder(List<Path> files) {
    return new Builder(files);
  }

  /**
   * Watches one policy file, building guards with {@code guardFactory}.
   *
   * @param file the policy file
   * @param guardFactory builds a guard from each loaded policy
   * @param listener hears about reloads and rejected changes
   * @return the running watcher; close it to stop watching
   * @throws PolicyException if the file is not a valid policy now
   * @throws IOException if it cannot be read now
   */
  public static PolicyWatcher watch(Path file, Function<Policy, AgentGuard> guardFactory, Listener listener)
      throws PolicyException, IOException {
    return builder(List.of(file)).guardFactory(guardFactory).listener(listener).start();
  }

  /**
   * The policy in force.
   *
   * @return the policy in force
   */
  public Policy policy() {
    return state.get().policy().policy();
  }

  /**
   * The refused loosening attempts of the policy in force.
   *
   * @return the refused loosening attempts of the policy in force
   */
  public List<String> warnings() {
    return state.get().policy().warnings();
  }

  /**
   * A supplier of the policy in force, for hosts that build their own checks.
   *
   * @return a supplier of the policy in force, for hosts that build their own checks
   */
  public Supplier<Policy> policySupplier() {
    return this::policy;
  }

  /**
   * The guard built from the policy in force.
   *
   * @return the guard built from the policy in force
   */
  public AgentGuard guard() {
    return state.get().guard();
  }

  /**
   * Evaluates {@code call} with the policy in force (see {@link AgentGuard#evaluate(ToolCall)}).
   *
   * @param call the call to judge
   * @return the judgement of the guard in force
   */
  public Evaluation evaluate(ToolCall call) {
    return guard().evaluate(call);
  }

  /**
   * Returns an executor that checks each call with the guard in force when the call starts (see
   * {@link AgentGuard#wrap(ToolExecutor)}).
   *
   * @param executor the tool to guard; not {@code null}
   * @return an executor that checks each call with the guard in force when the call starts (see {@link
   *     AgentGuard#wrap(ToolExecutor)})
   */
  public ToolExecutor wrap(ToolExecutor executor) {
    Objects.requireNonNull(executor, "executor must not be null");
    AtomicReference<Wrapped> cache = new AtomicReference<>();
    return call -> {
      AgentGuard current = guard();
      Wrapped w = cache.get();
      if (w == null || w.guard() != current) {
        w = new Wrapped(current, current.wrap(executor));
        cache.set(w);
      }
      return w.executor().execute(call);
    };
  }

  /**
   * Checks the files now and reloads them if their content changed since the last attempt (the background
   * thread does this by itself; call it for an explicit reload, e.g. on a signal).
   *
   * @return true if a changed policy was loaded and is now in force
   */
  public boolean reloadNow() {
    synchronized (reloadLock) {
      if (closed) {
        return false;
      }
      byte[] now = PolicyFingerprint.of(files);
      if (Arrays.equals(now, fingerprint)) {
        return false;
      }
      fingerprint = now;
      return reload();
    }
  }

  private boolean reload() {
    ComposedPolicy loaded;
    try {
      loaded = load();
    } catch (PolicyException e) {
      reject(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + " in the policy: "
          + e.errors().get(0), e.errors());
      return false;
    } catch (NoSuchFileException e) {
      reject("policy file not found: " + e.getFile(), List.of());
      return false;
    } catch (IOException | RuntimeException e) {
      reject("cannot read the policy: " + e, List.of());
      return false;
    }
    AgentGuard guard;
    try {
      guard = Objects.requireNonNull(guardFactory.apply(loaded.policy()), "the guard factory returned null");
    } catch (RuntimeException e) {
      reject("cannot build a guard from the new policy: " + e, List.of());
      return false;
    }
    State previous = state.getAndSet(new State(loaded, guard));
    // Calls of the old guard still waiting for approval are judged again by the new one when answered.
    previous.guard().supersededBy(guard);
    try {
      listener.onReloaded(loaded.policy(), loaded.warnings());
    } catch (RuntimeException ignored) {
      // a listener never changes what is in force
    }
    return true;
  }

  private void reject(String reason, List<PolicyError> errors) {
    try {
      listener.onRejected(reason, errors);
    } catch (RuntimeException ignored) {
      // a listener never changes what is in force
    }
  }

  private ComposedPolicy load() throws PolicyException, IOException {
    if (files.size() == 1) {
      return new ComposedPolicy(PolicyLoader.load(files.get(0)), List.of());
    }
    return workspace == null ? PolicyLoader.compose(files) : PolicyLoader.compose(files, workspace);
  }

  private void run() {
    try {
      while (!closed) {
        if (events == null) {
          Thread.sleep(pollInterval.toMillis());
        } else if (events.await(pollInterval)) {
          // debounce: wait until the directory has been quiet for the debounce period
          while (!closed && events.await(debounce)) {
            // keep draining
          }
        }
        if (!closed) {
          settleAndReload();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    } catch (RuntimeException e) {
      reject("the policy watcher stopped: " + e, List.of());
    }
  }

  /** Reloads once the content has stayed the same for the debounce period. */
  private void settleAndReload() throws InterruptedException {
    byte[] before = PolicyFingerprint.of(files);
    synchronized (reloadLock) {
      if (Arrays.equals(before, fingerprint)) {
        return;
      }
    }
    for (int i = 0; i < 10 && !closed; i++) {
      Thread.sleep(debounce.toMillis());
      byte[] after = PolicyFingerprint.of(files);
      if (Arrays.equals(before, after)) {
        break;
      }
      before = after;
    }
    reloadNow();
  }

  /** Stops watching. The policy in force stays readable. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (reloadLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    thread.interrupt();
    if (events != null) {
      events.close();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PolicyWatcher" + files;
  }

  /** Builds a {@link PolicyWatcher}. */
  public static final class Builder {
    private final List<Path> files;
    private Path workspace;
    private Function<Policy, AgentGuard> guardFactory = p -> AgentGuard.builder().policy(p).build();
    private Listener listener = new Listener() {};
    private Duration debounce = Duration.ofMillis(200);
    private Duration pollInterval = Duration.ofSeconds(2);

    private Builder(List<Path> files) {
      Objects.requireNonNull(files, "files must not be null");
      if (files.isEmpty()) {
        throw new IllegalArgumentException("watch at least one policy file");
      }
      this.files = new ArrayList<>(files);
      this.files.forEach(f -> Objects.requireNonNull(f, "files must not contain null"));
    }

    /**
     * The workspace: a layer inside it is applied after the host's own layers (see
     * {@link PolicyLoader#compose(List, Path)}).
     *
     * @param workspace the workspace directory; not {@code null}
     * @return this builder
     */
    public Builder workspace(Path workspace) {
      this.workspace = Objects.requireNonNull(workspace, "workspace must not be null");
      return this;
    }

    /**
     * How a guard is built from each loaded policy (default: {@code AgentGuard.builder().policy(p).build()}).
     * A factory that throws rejects the change like an invalid file.
     *
     * @param guardFactory the factory; not {@code null}
     * @return this builder
     */
    public Builder guardFactory(Function<Policy, AgentGuard> guardFactory) {
      this.guardFactory = Objects.requireNonNull(guardFactory, "guardFactory must not be null");
      return this;
    }

    /**
     * Who hears about reloads and rejected changes (default: nobody).
     *
     * @param listener the listener; not {@code null}
     * @return this builder
     */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * How long the files must stay unchanged before a change is loaded (default 200 ms).
     *
     * @param debounce the quiet time; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code debounce} is zero or negative
     */
    public Builder debounce(Duration debounce) {
      this.debounce = Durations.positive(debounce, "debounce");
      return this;
    }

    /**
     * How often the content is compared even without a watch event (default 2 s).
     *
     * @param pollInterval the interval; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code pollInterval} is zero or negative
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Durations.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Loads the files and starts watching them.
     *
     * @return the running watcher; close it to stop watching
     * @throws PolicyException if the files are not a valid policy now (nothing is watched then)
     * @throws IOException if they cannot be read now
     */
    public PolicyWatcher start() throws PolicyException, IOException {
      return new PolicyWatcher(this);
    }
  }
}
