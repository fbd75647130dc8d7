package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An approval request as an {@link ApprovalStore} holds it: the request, its state, the answer once there is
 * one, and when it left the pending state. Immutable.
 */
public final class StoredApproval {

  /** Where a request stands. Only {@link #PENDING} ever changes, and only once. */
  public enum State {
    /** Waiting for an answer. */
    PENDING,
    /** Answered: approved or denied. */
    ANSWERED,
    /** Not answered before its deadline. */
    EXPIRED,
    /** Withdrawn by the guard before an answer came (the caller gave up, was interrupted or shut down). */
    CANCELLED
  }

  private final ApprovalRequest request;
  private final State state;
  private final ApprovalResponse response;
  private final Instant closedAt;

  private StoredApproval(ApprovalRequest request, State state, ApprovalResponse response, Instant closedAt) {
    this.request = request;
    this.state = state;
    this.response = response;
    this.closedAt = closedAt;
  }

  /**
   * A request waiting for an answer.
   *
   * @param request the request
   * @return a request waiting for an answer
   */
  public static StoredApproval pending(ApprovalRequest request) {
    return new StoredApproval(Objects.requireNonNull(request, "request must not be null"), State.PENDING, null,
        null);
  }

  /**
   * This request answered with {@code response} at {@code at}.
   *
   * @param response the answer
   * @param at when it was given
   * @return this request answered with {@code response} at {@code at}
   */
  public StoredApproval answered(ApprovalResponse response, Instant at) {
    Objects.requireNonNull(response, "response must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return new StoredApproval(request, State.ANSWERED, response, at);
  }

  /**
   * This request closed without an answer, at {@code at}.
   *
   * @param state {@link State#EXPIRED} or {@link State#CANCELLED}
   * @param at when it closed
   * @return this request closed without an answer, at {@code at}
   */
  public StoredApproval closed(State state, Instant at) {
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(at, "at must not be null");
    if (state != State.EXPIRED && state != State.CANCELLED) {
      throw new IllegalArgumentException("state must be EXPIRED or CANCELLED, was " + state);
    }
    return new StoredApproval(request, state, null, at);
  }

  /**
   * The request.
   *
   * @return the request
   */
  public ApprovalRequest request() {
    return request;
  }

  /**
   * The request's id.
   *
   * @return the request's id
   */
  public String requestId() {
    return request.requestId();
  }

  /**
   * Where the request stands.
   *
   * @return pending, answered, expired or cancelled
   */
  public State state() {
    return state;
  }

  /**
   * Whether the request still waits for an answer.
   *
   * @return whether the request still waits for an answer
   */
  public boolean isPending() {
    return state == State.PENDING;
  }

  /**
   * The answer, when {@link State#ANSWERED}.
   *
   * @return the answer, when {@link State#ANSWERED}
   */
  public Optional<ApprovalResponse> response() {
    return Optional.ofNullable(response);
  }

  /**
   * When the request left {@link State#PENDING}.
   *
   * @return the instant it left the pending state; empty while pending
   */
  public Optional<Instant> closedAt() {
    return Optional.ofNullable(closedAt);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StoredApproval)) {
      return false;
    }
    StoredApproval that = (StoredApproval) o;
    return request.equals(that.request) && state == that.state && Objects.equals(response, that.response)
        && Objects.equals(closedAt, that.closedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(request, state, response, closedAt);
  }

  @Override
  public String toString() {
    return "StoredApproval{" + request.requestId() + ", " + state
        + (response == null ? "" : ", " + response.status() + " by " + response.decidedBy()) + "}";
  }
}
