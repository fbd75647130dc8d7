package dev.agentguard.core.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import dev.agentguard.api.Decision;
import dev.agentguard.api.Evaluation;
import dev.agentguard.api.GuardEvent;
import dev.agentguard.api.GuardListener;
import dev.agentguard.api.ToolCall;
import dev.agentguard.api.ToolCallDeniedException;
import dev.agentguard.api.ToolInterceptor;
import dev.agentguard.api.ToolResult;
import dev.agentguard.api.Verdict;
import dev.agentguard.core.CheckNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Holds calls the checks marked ASK until an {@link Approver} answers, and lets them through only on
 * APPROVED. Fails closed: a timeout, an exception, a {@code null} answer, a cancelled answer or an interrupted
 * wait is a denial, and the reason says which.
 */
public final class ApprovalGate implements ToolInterceptor {

  private final Approver approver;
  private final Duration timeout;
  private final Clock clock;
  private final GuardListener events;
  private final SessionApprovals sessions;

  /**
   * Creates a gate.
   *
   * @param approver who is asked
   * @param timeout how long to wait for an answer
   * @param clock the clock for request times
   * @param events where approval events go
   */
  public ApprovalGate(Approver approver, Duration timeout, Clock clock, GuardListener events) {
    this.approver = Objects.requireNonNull(approver, "approver must not be null");
    this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    this.sessions = new SessionApprovals(10_000, Duration.ofHours(12));
  }

  @Override
  public ToolResult intercept(Chain chain) throws Exception {
    ToolCall call = chain.call();
    Evaluation evaluation = chain.context().evaluation()
        .orElseThrow(() -> new IllegalStateException("ApprovalGate ran before the checks"));
    if (evaluation.verdict() != Verdict.ASK || !evaluation.enforced()) {
      return chain.proceed(call);
    }
    ApprovalRequest request = newRequest(call, evaluation);
    Optional<String> conversation = call.context().conversationId();
    if (conversation.isPresent() && sessions.isApproved(conversation.get(), request.fingerprint())) {
      events.onEvent(new GuardEvent.ApprovalResolved(call, clock.instant(), request,
          ApprovalResponse.approvedForSession("session"), Duration.ZERO, "session"));
      return chain.proceed(call);
    }
    events.onEvent(new GuardEvent.ApprovalRequested(call, request.createdAt(), request));
    long start = System.nanoTime();
    Outcome outcome = await(request);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    events.onEvent(new GuardEvent.ApprovalResolved(
        call, clock.instant(), request, outcome.response, waited, outcome.label));
    if (!outcome.response.isApproved()) {
      throw new ToolCallDeniedException(call.toolName(), outcome.denial);
    }
    if (outcome.response.scope() == ApprovalResponse.Scope.SESSION && conversation.isPresent()) {
      sessions.remember(conversation.get(), request.fingerprint());
    }
    return chain.proceed(call);
  }

  private ApprovalRequest newRequest(ToolCall call, Evaluation evaluation) {
    Instant now = clock.instant();
    return new ApprovalRequest(
        UUID.randomUUID().toString(),
        call,
        evaluation.resources(),
        evaluation.decisionsWith(Verdict.ASK),
        Fingerprints.of(call, evaluation.resources()),
        now,
        now.plus(timeout));
  }

  private Outcome await(ApprovalRequest request) {
    CompletableFuture<ApprovalResponse> future;
    try {
      future = Objects.requireNonNull(approver.request(request), "approver returned a null stage")
          .toCompletableFuture();
    } catch (RuntimeException e) {
      return Outcome.failed("error", "the approver failed: " + e.getClass().getSimpleName());
    }
    try {
      ApprovalResponse response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (response == null) {
        return Outcome.failed("null", "the approver gave no answer");
      }
      if (response.isApproved()) {
        return new Outcome(response, "approved", null);
      }
      return new Outcome(response, "denied", Decision.deny(CheckNames.APPROVAL, "approval.denied",
          "refused by " + response.decidedBy()
              + (response.comment().isEmpty() ? "" : ": " + response.comment())));
    } catch (TimeoutException e) {
      future.cancel(true);
      return Outcome.failed("timeout", "no answer within " + timeout);
    } catch (CancellationException e) {
      return Outcome.failed("cancelled", "the approval request was cancelled");
    } catch (ExecutionException e) {
      return Outcome.failed("error", "the approver failed: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return Outcome.failed("interrupted", "the wait for approval was interrupted");
    }
  }

  private static final class Outcome {
    final ApprovalResponse response;
    final String label;
    final Decision denial;

    Outcome(ApprovalResponse response, String label, Decision denial) {
      this.response = response;
      this.label = label;
      this.denial = denial;
    }

    static Outcome failed(String label, String reason) {
      return new Outcome(
          ApprovalResponse.denied("agent-guard", reason),
          label,
          Decision.deny(CheckNames.APPROVAL, "approval." + label, "approval failed closed: " + reason));
    }
  }
}
