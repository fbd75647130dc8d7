package dev.agentguard.core.internal;

import dev.agentguard.api.CheckNames;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolExecutor;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.binding.ApprovedTargets;
import dev.agentguard.core.telemetry.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs one {@code execute}: the user's interceptors, then the one enforcement step that judges the call the last
 * interceptor passed on, emits the decision, denies or asks, and runs exactly the judged call. Emits exactly one
 * {@code CallStarted} and one terminal event per execute, all carrying the guard's execution id. Thread-safe.
 */
public final class Enforcement {

  private final Evaluator evaluator;
  private final ListenerDispatcher events;
  private final ApprovalGate gate;
  private final Clock clock;
  private final Redactor redactor;
  private final List<EnforcementHook> hooks;
  private final Fingerprinter fingerprinter;
  private final Resolver resolver;
  private final Function<ToolCall, Evaluation> inForce;
  private final Judge judge;
  private final UnaryOperator<String> display;
  private final ExecutionIds ids = new ExecutionIds();

  /** Judges a read call: the checks' evaluation with {@code extra} decisions, plus any per-session step. */
  @FunctionalInterface
  public interface Judge {
    /** The evaluation of {@code call}, with {@code extra} decisions from the hooks. */
    Evaluation judge(JudgedCall call, List<Decision> extra);
  }

  /** Computes the fingerprint an approval of a judged call is bound to. */
  @FunctionalInterface
  public interface Fingerprinter {
    /** The fingerprint of {@code call} as {@code evaluation} judged it, its resources resolved to {@code resolved}. */
    String fingerprint(JudgedCall call, Evaluation evaluation, List<String> resolved);
  }

  /** Resolves a judged call's resources to the targets an approval binds. */
  @FunctionalInterface
  public interface Resolver {
    /** What {@code evaluation}'s resources resolve to now, for a call run in {@code workingDirectory}. */
    TargetResolution resolve(Evaluation evaluation, String workingDirectory);
  }

  /**
   * Creates the step.
   *
   * @param inForce judges a call under the policy in force now (which a reload may have replaced); an approval
   *     that arrives is applied only if this would not deny the call
   */
  public Enforcement(Evaluator evaluator, ListenerDispatcher events, ApprovalGate gate, Clock clock,
      Redactor redactor, List<EnforcementHook> hooks, Fingerprinter fingerprinter, Resolver resolver,
      Function<ToolCall, Evaluation> inForce) {
    this(evaluator, events, gate, clock, redactor, hooks, fingerprinter, resolver, inForce, evaluator::evaluate,
        UnaryOperator.identity());
  }

  /**
   * Creates the step with its own judge (the checks and a session step) and {@code display}, which rewrites a
   * refusal's reason for the model (host paths shown relative to the workspace or the home directory).
   */
  public Enforcement(Evaluator evaluator, ListenerDispatcher events, ApprovalGate gate, Clock clock,
      Redactor redactor, List<EnforcementHook> hooks, Fingerprinter fingerprinter, Resolver resolver,
      Function<ToolCall, Evaluation> inForce, Judge judge, UnaryOperator<String> display) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.events = Objects.requireNonNull(events, "events");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.hooks = List.copyOf(hooks);
    this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.inForce = Objects.requireNonNull(inForce, "inForce");
    this.judge = Objects.requireNonNull(judge, "judge");
    this.display = Objects.requireNonNull(display, "display");
  }

  /** Returns an executor running each call through {@code interceptors} and then this step onto {@code tool}. */
  public ToolExecutor wrap(List<ToolInterceptor> interceptors, ToolExecutor tool) {
    List<ToolInterceptor> frozen = List.copyOf(interceptors);
    Objects.requireNonNull(tool, "executor must not be null");
    return call -> execute(frozen, tool, call);
  }

  private ToolResult execute(List<ToolInterceptor> interceptors, ToolExecutor tool, ToolCall call) throws Exception {
    Objects.requireNonNull(call, "call must not be null");
    // Times and events are only taken when someone can see them: a listener, or an interceptor's context.
    boolean observed = events.hasListeners();
    CallRun run = new CallRun(ids, call,
        observed || !interceptors.isEmpty() ? clock.instant() : null, observed ? System.nanoTime() : 0L);
    if (observed) {
      events.onEvent(new GuardEvent.CallStarted(call, run.startedAt, run.executionId()));
    }
    try {
      ToolResult result = interceptors.isEmpty() ? enforce(call, run, tool)
          : new RealChain(interceptors, c -> enforce(c, run, tool), 0, call, run).proceed(call);
      run.end();
      if (observed) {
        events.onEvent(new GuardEvent.CallCompleted(run.reported(), clock.instant(), result, since(run),
            run.executionId()));
      }
      return result;
    } catch (ToolCallDeniedException e) {
      run.end();
      if (observed) {
        events.onEvent(new GuardEvent.CallDenied(run.reported(), clock.instant(), e.decision(), since(run),
            run.executionId()));
      }
      throw e;
    } catch (Exception | Error e) {
      run.end();
      if (observed) {
        events.onEvent(new GuardEvent.CallFailed(run.reported(), clock.instant(), e, since(run),
            run.executionId()));
      }
      throw e;
    }
  }

  /** The enforcement step: judge, emit the decision, deny or ask, run exactly the judged call. */
  private ToolResult enforce(ToolCall call, CallRun run, ToolExecutor tool) throws Exception {
    if (!run.judge(call)) {
      throw new IllegalStateException(run.isOver()
          ? "this chain is dead: the execute() it belongs to has returned; nothing runs"
          : "the call reached the tool twice in one execute(); refusing to run it again");
    }
    JudgedCall judged = evaluator.read(call, run);
    Evaluation evaluation = judge.judge(judged, before(judged));
    if (events.hasListeners()) {
      events.onEvent(new GuardEvent.CallDecided(call, clock.instant(), evaluation, run.executionId()));
    }
    ApprovedTargets approved = null;
    if (evaluation.enforced()) {
      if (evaluation.verdict() == Verdict.DENY) {
        throw refuse(judged, evaluation, evaluation.decision());
      }
      if (evaluation.verdict() == Verdict.ASK) {
        approved = approve(judged, evaluation);
      }
    }
    decided(judged, evaluation, true);
    if (!run.startTool()) {
      throw new IllegalStateException("this chain is dead: the execute() it belongs to has returned; nothing runs");
    }
    ToolResult result = approved == null ? tool.execute(call) : ApprovedTargets.runBound(approved, tool, call);
    if (result == null) {
      throw new IllegalStateException("tool executor " + tool.getClass().getName() + " returned null");
    }
    for (int i = 0; i < hooks.size(); i++) {
      EnforcementHook hook = hooks.get(i);
      result = hook.after(judged, evaluation, result);
      if (result == null) {
        throw new NullPointerException("enforcement hook " + hook.name() + " returned no result");
      }
    }
    return result;
  }

  /**
   * Asks for approval, bound to what the call's resources resolve to at the time of asking. Returns the
   * approved targets (which guarded I/O then holds the tool to) or throws the refusal: not approved in time,
   * the policy in force now denies the call, or the targets changed between the approval and the run.
   */
  private ApprovedTargets approve(JudgedCall judged, Evaluation evaluation) {
    String cwd = judged.call().context().workingDirectory().orElse(null);
    TargetResolution atAsk;
    String fingerprint;
    try {
      atAsk = resolver.resolve(evaluation, cwd);
      fingerprint = fingerprinter.fingerprint(judged, evaluation, atAsk.lines());
    } catch (RuntimeException e) {
      throw refuse(judged, evaluation, Decision.deny(CheckNames.APPROVAL, "approval.error",
          "approval failed closed: the call could not be fingerprinted (" + e.getClass().getSimpleName() + ")"));
    }
    ApprovalOutcome outcome = gate.ask(judged.call(), evaluation, fingerprint, judged.executionId());
    if (!outcome.approved()) {
      throw refuse(judged, evaluation, outcome.denial() != null ? outcome.denial()
          : Decision.deny(CheckNames.APPROVAL, "approval.denied", "the approval was not granted"));
    }
    Evaluation now;
    try {
      now = inForce.apply(judged.call());
    } catch (RuntimeException e) {
      throw refuse(judged, evaluation, Decision.deny(CheckNames.APPROVAL, "approval.policy-changed",
          "the approval arrived but the policy in force could not judge the call again"));
    }
    if (now.enforced() && now.verdict() == Verdict.DENY) {
      throw refuse(judged, evaluation, Decision.deny(CheckNames.APPROVAL, "approval.policy-changed",
          "the approval arrived after the policy changed to deny the call: " + now.decision().reason()));
    }
    TargetResolution atRun;
    try {
      atRun = resolver.resolve(evaluation, cwd);
    } catch (RuntimeException e) {
      atRun = null;
    }
    if (atRun == null || !atAsk.sameTargets(atRun)) {
      throw refuse(judged, evaluation, Decision.deny(CheckNames.APPROVAL, ApprovedTargets.RULE,
          "what the call touches changed after it was approved (a path now resolves elsewhere, a file was"
              + " replaced, or a host resolves to other addresses); ask again"));
    }
    return atAsk.targets();
  }

  private List<Decision> before(JudgedCall judged) {
    if (hooks.isEmpty()) {
      return List.of();
    }
    List<Decision> extra = new ArrayList<>();
    for (EnforcementHook hook : hooks) {
      try {
        List<Decision> found = hook.before(judged);
        if (found == null || Evaluator.holdsNull(found)) {
          extra.add(Decision.deny(hook.name(), hook.name() + ".error",
              "the " + hook.name() + " hook gave no decision list"));
        } else {
          extra.addAll(found);
        }
      } catch (RuntimeException e) {
        extra.add(Decision.deny(hook.name(), hook.name() + ".error",
            "the " + hook.name() + " hook failed: " + e.getClass().getSimpleName()));
      }
    }
    return extra;
  }

  private void decided(JudgedCall judged, Evaluation evaluation, boolean runs) {
    for (int i = 0; i < hooks.size(); i++) {
      try {
        hooks.get(i).decided(judged, evaluation, runs);
      } catch (RuntimeException e) {
        // Bookkeeping never changes a decision that was made.
      }
    }
  }

  /** The refusal the caller (and so the model) gets: its reason redacted like everything else that leaves. */
  private ToolCallDeniedException refuse(JudgedCall judged, Evaluation evaluation, Decision decision) {
    decided(judged, evaluation, false);
    Decision shown = new Decision(decision.verdict() == Verdict.ALLOW ? Verdict.DENY : decision.verdict(),
        decision.check(), decision.rule(), redactor.redactText(decision.reason()));
    return new ToolCallDeniedException(judged.call().toolName(), shown, display.apply(shown.reason()));
  }

  private static Duration since(CallRun run) {
    return Duration.ofNanos(System.nanoTime() - run.startNanos);
  }
}
