package dev.agentguard.core;

import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolDescriptor;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.core.approval.Approvers;
import dev.agentguard.core.approval.TimeoutScheduler;
import dev.agentguard.core.check.CheckRequest;
import dev.agentguard.core.check.GuardCheck;
import dev.agentguard.core.check.GuardEnvironment;
import dev.agentguard.core.check.GuardLimits;
import dev.agentguard.core.exec.CommandCheck;
import dev.agentguard.core.fs.FileSystemCheck;
import dev.agentguard.core.internal.ApprovalGate;
import dev.agentguard.core.internal.BoundArguments;
import dev.agentguard.core.internal.DisplayPaths;
import dev.agentguard.core.internal.Enforcement;
import dev.agentguard.core.internal.EnforcementHook;
import dev.agentguard.core.internal.Evaluator;
import dev.agentguard.core.internal.Fingerprints;
import dev.agentguard.core.internal.JudgedCall;
import dev.agentguard.core.internal.ListenerDispatcher;
import dev.agentguard.core.internal.TargetResolution;
import dev.agentguard.core.internal.session.SessionGuard;
import dev.agentguard.core.json.JsonNodeValue;
import dev.agentguard.core.net.HostResolver;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.policy.Mode;
import dev.agentguard.core.policy.Policy;
import dev.agentguard.core.policy.ToolRulesCheck;
import dev.agentguard.core.session.SessionLimits;
import dev.agentguard.core.session.SessionSnapshot;
import dev.agentguard.core.telemetry.Redactor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The guard: one immutable policy and an ordered chain of checks between an agent's tool calls and the tools.
 * Thread-safe; build one and share it.
 *
 * <pre>{@code
 * AgentGuard guard = AgentGuard.builder()
 *     .policy(policy)
 *     .environment(GuardEnvironment.ofWorkspace(workspace))
 *     .approver(approver)
 *     .build();
 * ToolExecutor guarded = guard.wrap(executor);
 * }</pre>
 */
public final class AgentGuard implements AutoCloseable {

  private final Policy policy;
  private final GuardEnvironment environment;
  private final Evaluator evaluator;
  private final ListenerDispatcher events;
  private final List<ToolInterceptor> interceptors;
  private final ApprovalGate approvalGate;
  private final Enforcement enforcement;
  private volatile AgentGuard successor;
  private final FileSystemCheck fileSystemCheck;
  private final NetworkCheck networkCheck;
  private final CommandCheck commandCheck;
  private final DisplayPaths displayPaths;
  private final List<GuardCheck> checks;
  private final GuardLimits limits;
  private final Clock clock;
  private final Redactor redactor;
  private final Fingerprints fingerprints;
  /** The session step, or {@code null} when the policy has no {@code session} section. */
  private final SessionGuard sessions;

  private AgentGuard(Builder b) {
    this.policy = b.policy;
    this.environment = b.environment;
    this.displayPaths = DisplayPaths.of(environment);
    this.clock = b.clock;
    this.redactor = b.redactor;
    this.events = new ListenerDispatcher(b.listeners, b.redactor);
    this.sessions = policy.session().enabled()
        ? new SessionGuard(policy.session(), b.redactor, b.clock, b.sessionLimits) : null;
    this.fileSystemCheck = new FileSystemCheck(policy.filesystem(), environment,
        policy.session().enabled() ? policy.session().privateGlobs() : List.of());
    this.networkCheck = new NetworkCheck(policy.network(), b.resolver);
    this.commandCheck = new CommandCheck(policy.commands(), fileSystemCheck, b.limits);
    List<GuardCheck> checks = new ArrayList<>();
    checks.add(fileSystemCheck);
    checks.add(networkCheck);
    checks.add(commandCheck);
    checks.addAll(b.checks);
    checks.add(ToolRulesCheck.of(policy));
    this.checks = List.copyOf(checks);
    this.limits = b.limits;
    this.evaluator = new Evaluator(policy.tools(), this.checks, b.limits, policy.mode() == Mode.ENFORCE);
    this.interceptors = List.copyOf(b.interceptors);
    this.approvalGate = new ApprovalGate(b.approver, policy.approvals().timeout(), b.clock, events,
        b.approvalTimeouts == null ? TimeoutScheduler.daemon() : b.approvalTimeouts, b.redactor);
    this.fingerprints = b.fingerprints != null ? b.fingerprints : Fingerprints.random();
    this.enforcement = newEnforcement();
  }

  /** A guard like {@code base} whose policy also describes more tools; everything else is shared. */
  private AgentGuard(AgentGuard base, Policy policy) {
    this.policy = policy;
    this.environment = base.environment;
    this.displayPaths = base.displayPaths;
    this.clock = base.clock;
    this.redactor = base.redactor;
    this.events = base.events;
    this.fileSystemCheck = base.fileSystemCheck;
    this.networkCheck = base.networkCheck;
    this.commandCheck = base.commandCheck;
    this.checks = base.checks;
    this.limits = base.limits;
    this.evaluator = new Evaluator(policy.tools(), checks, limits, policy.mode() == Mode.ENFORCE);
    this.interceptors = base.interceptors;
    this.approvalGate = base.approvalGate;
    this.fingerprints = base.fingerprints;
    this.sessions = base.sessions;
    this.enforcement = newEnforcement();
  }

  private Enforcement newEnforcement() {
    List<EnforcementHook> hooks = sessions == null ? List.of() : List.of(new SessionResults(sessions));
    return new Enforcement(evaluator, events, approvalGate, clock, redactor, hooks,
        (judged, evaluation, resolved) -> fingerprints.fingerprint(judged.call().toolName(),
            JsonNodeValue.of(BoundArguments.arguments(judged.arguments(),
                policy.tools().get(judged.call().toolName()))),
            judged.call().context().workingDirectory().orElse(null), BoundArguments.resources(evaluation.resources()),
            resolved),
        (evaluation, cwd) -> TargetResolution.of(evaluation, cwd, fileSystemCheck, networkCheck, commandCheck),
        this::judgeInForce, this::judge, displayPaths::shorten);
  }

  /** The checks' evaluation of a read call, with the session's decisions recorded in the same step. */
  private Evaluation judge(JudgedCall judged, List<Decision> extra) {
    if (sessions == null) {
      return evaluator.evaluate(judged, extra);
    }
    Facts facts = new Facts();
    return sessions.admit(evaluator.evaluate(judged, extra, facts), facts.files, facts.hosts);
  }

  /** Hands each tool result to the session step (secrets label the session, or are masked by policy). */
  private static final class SessionResults implements EnforcementHook {
    private final SessionGuard sessions;

    SessionResults(SessionGuard sessions) {
      this.sessions = sessions;
    }

    @Override
    public String name() {
      return "session";
    }

    @Override
    public ToolResult after(JudgedCall call, Evaluation evaluation, ToolResult result) {
      return sessions.onResult(call.call(), result);
    }
  }

  /** Collects what the filesystem and network checks resolved about one call, for the session step. */
  private static final class Facts implements Evaluator.CheckRunner {
    final List<FileSystemCheck.ResolvedFile> files = new ArrayList<>(2);
    final List<String> hosts = new ArrayList<>(2);

    @Override
    public List<Decision> run(GuardCheck check, CheckRequest request) {
      if (check instanceof FileSystemCheck) {
        return ((FileSystemCheck) check).evaluate(request, files);
      }
      if (check instanceof NetworkCheck) {
        return ((NetworkCheck) check).evaluate(request, hosts);
      }
      return check.evaluate(request);
    }
  }

  /** Judges {@code call} under the policy in force now: this guard's, or its latest successor's. */
  private Evaluation judgeInForce(ToolCall call) {
    AgentGuard latest = this;
    for (AgentGuard next = successor; next != null && next != latest; next = next.successor) {
      latest = next;
    }
    return latest.evaluator.evaluate(call);
  }

  /**
   * Tells this guard that {@code next} now holds the policy in force (a reload, as {@code PolicyWatcher} does).
   * A call of this guard still waiting for approval is then let through only if {@code next} would not deny it:
   * an emergency freeze reaches calls already waiting.
   *
   * @param next the guard built from the new policy; not {@code null}
   */
  public void supersededBy(AgentGuard next) {
    Objects.requireNonNull(next, "next must not be null");
    if (next != this) {
      this.successor = next;
    }
  }

  /**
   * Returns a guard that also knows {@code descriptors}, for tools that declare their resources next to their
   * code (such as the LangChain4j adapter's parameter markers). A tool the policy already describes keeps the
   * policy's descriptor. The returned guard shares this guard's checks, listeners, interceptors and approval gate
   * (closing either one closes the gate of both); it is this guard itself when nothing new is described.
   *
   * @param descriptors the tools' descriptors
   * @return a guard whose policy describes these tools too
   */
  public AgentGuard withToolDescriptors(java.util.Collection<ToolDescriptor> descriptors) {
    Objects.requireNonNull(descriptors, "descriptors must not be null");
    Policy.Builder extended = null;
    java.util.Set<String> added = new java.util.HashSet<>();
    for (ToolDescriptor descriptor : descriptors) {
      Objects.requireNonNull(descriptor, "descriptors must not contain null");
      if (!policy.tools().containsKey(descriptor.toolName()) && added.add(descriptor.toolName())) {
        extended = extended == null ? policy.toBuilder() : extended;
        extended.tool(descriptor);
      }
    }
    return extended == null ? this : new AgentGuard(this, extended.build());
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The policy this guard enforces.
   *
   * @return the policy this guard enforces
   */
  public Policy policy() {
    return policy;
  }

  /**
   * The host environment (workspace, home, tmp) this guard resolves paths against.
   *
   * @return the host environment (workspace, home, tmp) this guard resolves paths against
   */
  public GuardEnvironment environment() {
    return environment;
  }

  /**
   * The filesystem check, for guarded I/O.
   *
   * @return the filesystem check, for guarded I/O
   */
  public FileSystemCheck fileSystemCheck() {
    return fileSystemCheck;
  }

  /**
   * The network check, for guarded HTTP.
   *
   * @return the network check, for guarded HTTP
   */
  public NetworkCheck networkCheck() {
    return networkCheck;
  }

  /**
   * The command check, for guarded processes.
   *
   * @return the command check, for guarded processes
   */
  public CommandCheck commandCheck() {
    return commandCheck;
  }

  /**
   * Returns {@code decision}'s reason as this guard shows it to a model, as in
   * {@link dev.agentguard.api.ToolCallDeniedException#shownReason()}: paths inside the workspace relative to it,
   * paths inside the home directory starting with {@code ~}, whole path segments only. For adapters that turn an
   * {@link #evaluate(ToolCall) evaluation} into a model-facing message themselves.
   *
   * @param decision a decision of this guard; not {@code null}
   * @return the reason with host paths shortened
   */
  public String shownReason(Decision decision) {
    return displayPaths.shorten(Objects.requireNonNull(decision, "decision must not be null").reason());
  }

  /**
   * Returns every check's verdict on {@code call}, the deciding rule and the final decision, without running
   * the tool or asking anyone. Never throws for bad input: bad input is a DENY.
   *
   * @param call the call to judge; not {@code null}
   * @return every check's verdict on {@code call}, the deciding rule and the final decision, without running the
   *     tool or asking anyone
   */
  public Evaluation evaluate(ToolCall call) {
    Objects.requireNonNull(call, "call must not be null");
    if (sessions == null) {
      return evaluator.evaluate(call);
    }
    Facts facts = new Facts();
    return sessions.preview(evaluator.evaluate(call, facts), facts.files, facts.hosts);
  }

  /**
   * As {@link #evaluate(ToolCall)}, and records the call in its conversation's session as the guarded executor
   * would (labels, budgets, approvals count) when it is not denied, as if it ran. Nothing runs and nobody is
   * asked: this is how {@code agent-guard check} replays a conversation. Without a {@code session} section it is
   * {@link #evaluate(ToolCall)}.
   *
   * @param call the call to judge and record; not {@code null}
   * @return the judgement, the session's decisions included
   */
  public Evaluation evaluateInSession(ToolCall call) {
    Objects.requireNonNull(call, "call must not be null");
    if (sessions == null) {
      return evaluator.evaluate(call);
    }
    Facts facts = new Facts();
    return sessions.admit(evaluator.evaluate(call, facts), facts.files, facts.hosts);
  }

  /**
   * What conversation {@code conversationId} has seen so far; empty when no session is kept for it.
   *
   * @param conversationId the conversation's id; not {@code null}
   * @return the session's labels and counts, or empty
   */
  public Optional<SessionSnapshot> session(String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId must not be null");
    return sessions == null ? Optional.empty() : sessions.snapshot(conversationId);
  }

  /**
   * Forgets conversation {@code conversationId}: its labels, budgets and counts start again.
   *
   * @param conversationId the conversation's id; not {@code null}
   */
  public void resetSession(String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId must not be null");
    if (sessions != null) {
      sessions.reset(conversationId);
    }
  }

  /**
   * Returns an executor that runs each call through this guard's interceptors and checks, asks for approval
   * where needed, and only then runs exactly the checked call on {@code executor}. A refused call throws
   * {@link dev.agentguard.api.ToolCallDeniedException}.
   *
   * @param executor the tool to guard
   * @return an executor that runs each call through this guard's interceptors and checks, asks for approval where
   *     needed, and only then runs exactly the checked call on {@code executor}
   */
  public ToolExecutor wrap(ToolExecutor executor) {
    Objects.requireNonNull(executor, "executor must not be null");
    return enforcement.wrap(interceptors, executor);
  }

  /**
   * Denies every call still waiting for an approval (reason: the gate was closed) and every later call that needs
   * one, and stops the approval deadline thread. Checks and allowed calls keep working. Idempotent. Closing is
   * optional: an idle guard holds no thread.
   */
  @Override
  public void close() {
    approvalGate.close();
  }

  /** Builds an {@link AgentGuard}. Not thread-safe; the guard it builds is. */
  public static final class Builder {
    private Policy policy = Policy.denyAll();
    private GuardEnvironment environment;
    private HostResolver resolver = HostResolver.system();
    private Approver approver = Approvers.alwaysDeny();
    private TimeoutScheduler approvalTimeouts;
    private final List<GuardListener> listeners = new ArrayList<>();
    private final List<ToolInterceptor> interceptors = new ArrayList<>();
    private final List<GuardCheck> checks = new ArrayList<>();
    private GuardLimits limits = GuardLimits.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private Redactor redactor = Redactor.defaults();
    private Fingerprints fingerprints;
    private SessionLimits sessionLimits = SessionLimits.DEFAULTS;

    private Builder() {}

    /**
     * Sets how much session state is kept (default {@link SessionLimits#DEFAULTS}).
     *
     * @param limits how many sessions and fingerprints are kept, and for how long; not {@code null}
     * @return this builder
     */
    public Builder sessionLimits(SessionLimits limits) {
      this.sessionLimits = Objects.requireNonNull(limits, "limits must not be null");
      return this;
    }

    /**
     * Sets the secret key of the approval fingerprints (HMAC-SHA256; at least 32 bytes). By default each guard
     * draws a random key, so its fingerprints mean nothing outside it; hosts that share approvals (replicas with
     * one approval store, an inbox read by several processes) set the same key, read from their secret store.
     *
     * @param key the HMAC key, at least 32 bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter than 32 bytes
     */
    public Builder fingerprintKey(byte[] key) {
      this.fingerprints = Fingerprints.withKey(Objects.requireNonNull(key, "key must not be null"));
      return this;
    }

    /**
     * Sets the policy (default: {@link Policy#denyAll()}).
     *
     * @param policy the policy to enforce; not {@code null}
     * @return this builder
     */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy must not be null");
      return this;
    }

    /**
     * Sets the host environment (default: the current directory as workspace).
     *
     * @param environment the workspace, home and temporary directories; not {@code null}
     * @return this builder
     */
    public Builder environment(GuardEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment must not be null");
      return this;
    }

    /**
     * Sets the workspace, with {@code user.home} and {@code java.io.tmpdir}.
     *
     * @param workspace the workspace directory
     * @return this builder
     */
    public Builder workspace(java.nio.file.Path workspace) {
      return environment(GuardEnvironment.ofWorkspace(workspace));
    }

    /**
     * Sets how host names are resolved (default: the system resolver).
     *
     * @param resolver the resolver the network check asks; not {@code null}
     * @return this builder
     */
    public Builder hostResolver(HostResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
      return this;
    }

    /**
     * Sets who approves held calls (default: {@link Approvers#alwaysDeny()}).
     *
     * @param approver the approver; not {@code null}
     * @return this builder
     */
    public Builder approver(Approver approver) {
      this.approver = Objects.requireNonNull(approver, "approver must not be null");
      return this;
    }

    /**
     * Sets what runs approval deadlines (default {@link TimeoutScheduler#daemon()}, on real time). The guard
     * owns it from here and closes it when it is closed. A test passes one driven by a fake clock.
     *
     * @param timeouts the scheduler; not {@code null}
     * @return this builder
     */
    public Builder approvalTimeouts(TimeoutScheduler timeouts) {
      this.approvalTimeouts = Objects.requireNonNull(timeouts, "timeouts must not be null");
      return this;
    }

    /**
     * Adds a listener for every guard event.
     *
     * @param listener the listener; not {@code null}
     * @return this builder
     */
    public Builder listener(GuardListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Adds an interceptor that runs before the checks (and so may rewrite the call that gets checked).
     *
     * @param interceptor the interceptor, run in the order added; not {@code null}
     * @return this builder
     */
    public Builder interceptor(ToolInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor must not be null"));
      return this;
    }

    /**
     * Adds a custom check, run after the command check and before the tool rules.
     *
     * @param check the check, run in the order added; not {@code null}
     * @return this builder
     */
    public Builder check(GuardCheck check) {
      checks.add(Objects.requireNonNull(check, "check must not be null"));
      return this;
    }

    /**
     * Sets the analysis limits (default {@link GuardLimits#DEFAULTS}).
     *
     * @param limits the limits; not {@code null}
     * @return this builder
     */
    public Builder limits(GuardLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits must not be null");
      return this;
    }

    /**
     * Sets the clock for event and approval times.
     *
     * @param clock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Sets how secrets are masked before listeners see events (default {@link Redactor#defaults()}).
     *
     * @param redactor the redactor; not {@code null}
     * @return this builder
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor must not be null");
      return this;
    }

    /**
     * Returns the guard.
     *
     * @return the guard
     */
    public AgentGuard build() {
      if (environment == null) {
        environment = GuardEnvironment.ofSystem();
      }

      return new AgentGuard(this);
    }
  }

  @Override
  public String toString() {
    return "AgentGuard{mode=" + policy.mode().label() + ", workspace=" + environment.workspace() + "}";
  }

}
