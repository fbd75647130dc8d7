package dev.agentguard.test;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An {@link Approver} that passes every request to another approver (your real one, or a
 * {@link ScriptedApprover}) and records each request with the answer it got. Thread-safe.
 *
 * <pre>{@code
 * RecordingApprover approver = RecordingApprover.of(mySlackApprover);
 * ...
 * assertThat(approver.requests()).extracting(r -> r.call().toolName()).containsExactly("deploy_prod");
 * }</pre>
 */
public final class RecordingApprover implements Approver {

  /**
   * One request and, once it came, its answer.
   *
   * @param request the request
   * @param response the answer, empty while none came (or if the delegate failed or answered {@code null})
   * @param failure what the delegate failed with, if it did
   */
  public record Exchange(ApprovalRequest request, Optional<ApprovalResponse> response, Optional<Throwable> failure) {
    /**
     * Validates the components.
     *
     * @param request the request; not {@code null}
     * @param response the answer, empty while none came; not {@code null}
     * @param failure what the delegate failed with, if it did; not {@code null}
     */
    public Exchange {
      Objects.requireNonNull(request, "request must not be null");
      Objects.requireNonNull(response, "response must not be null");
      Objects.requireNonNull(failure, "failure must not be null");
    }
  }

  private final Approver delegate;
  private final Object lock = new Object();
  private final List<ApprovalRequest> requests = new ArrayList<>();
  private final List<Exchange> exchanges = new ArrayList<>();

  private RecordingApprover(Approver delegate) {
    this.delegate = delegate;
  }

  /**
   * Records what {@code delegate} is asked and answers.
   *
   * @param delegate the approver that answers; not {@code null}
   * @return the recording approver
   */
  public static RecordingApprover of(Approver delegate) {
    return new RecordingApprover(Objects.requireNonNull(delegate, "delegate must not be null"));
  }

  /**
   * Records every request and approves each once, as {@code decidedBy}.
   *
   * @param decidedBy who the approvals say decided
   * @return the recording approver
   */
  public static RecordingApprover approvingAll(String decidedBy) {
    return of(ScriptedApprover.create(decidedBy).otherwiseApprove());
  }

  /**
   * Records every request and denies each, as {@code decidedBy}.
   *
   * @param decidedBy who the denials say decided
   * @return the recording approver
   */
  public static RecordingApprover denyingAll(String decidedBy) {
    return of(ScriptedApprover.create(decidedBy).otherwiseDeny("denied by " + decidedBy));
  }

  @Override
  public CompletionStage<ApprovalResponse> request(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    int index;
    synchronized (lock) {
      requests.add(request);
      exchanges.add(new Exchange(request, Optional.empty(), Optional.empty()));
      index = exchanges.size() - 1;
    }
    CompletionStage<ApprovalResponse> stage;
    try {
      stage = delegate.request(request);
    } catch (RuntimeException e) {
      record(index, request, null, e);
      throw e;
    }
    if (stage == null) {
      return null;
    }
    CompletableFuture<ApprovalResponse> future = stage.toCompletableFuture();
    future.whenComplete((response, error) -> record(index, request, response, error));
    return future;
  }

  private void record(int index, ApprovalRequest request, ApprovalResponse response, Throwable error) {
    synchronized (lock) {
      exchanges.set(index, new Exchange(request, Optional.ofNullable(response), Optional.ofNullable(error)));
    }
  }

  /**
   * Every request so far, in order.
   *
   * @return every request so far, in order
   */
  public List<ApprovalRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * Every request so far with its answer (if one came yet), in order.
   *
   * @return every request so far with its answer (if one came yet), in order
   */
  public List<Exchange> exchanges() {
    synchronized (lock) {
      return List.copyOf(exchanges);
    }
  }

  /**
   * The answers received so far, in request order (unanswered requests are skipped).
   *
   * @return the answers received so far, in request order (unanswered requests are skipped)
   */
  public List<ApprovalResponse> responses() {
    return exchanges().stream().flatMap(e -> e.response().stream()).toList();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "RecordingApprover{requests=" + requests.size() + ", delegate=" + delegate + "}";
    }
  }
}
