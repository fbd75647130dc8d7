package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an {@link ApprovalInbox} keeps approval requests and their answers. The in-process default is
 * {@link InMemoryApprovalStore}; an implementation over a shared database lets agents on many hosts hold
 * their pending approvals in one place, answered from anywhere.
 *
 * <p>Every state change is a compare-and-set from {@link StoredApproval.State#PENDING}: a request is answered,
 * expired or cancelled at most once, and the first change wins (in SQL: {@code UPDATE ... WHERE id = ? AND
 * state = 'PENDING'}, one row updated). Implementations must be thread-safe.
 */
public interface ApprovalStore {

  /**
   * Adds {@code request} as pending.
   *
   * @throws IllegalStateException if a request with the same id is already stored
   */
  void putPending(ApprovalRequest request);

  /**
   * The pending requests, oldest first. May include requests past their deadline until {@link #expire} runs.
   *
   * @return the pending requests, oldest first
   */
  List<ApprovalRequest> listPending();

  /**
   * The stored request with id {@code requestId}, in whatever state, if the store still knows it.
   *
   * @return the stored request with id {@code requestId}, in whatever state, if the store still knows it
   */
  Optional<StoredApproval> find(String requestId);

  /**
   * Records {@code response} as the answer to request {@code requestId}, if and only if it is still pending.
   *
   * @return whether this call made the change; {@code false} when the id is unknown or no longer pending
   */
  boolean complete(String requestId, ApprovalResponse response, Instant at);

  /**
   * Closes request {@code requestId} without an answer, if and only if it is still pending.
   *
   * @param state {@link StoredApproval.State#EXPIRED} or {@link StoredApproval.State#CANCELLED}
   * @return whether this call made the change
   */
  boolean close(String requestId, StoredApproval.State state, Instant at);

  /**
   * Marks every pending request whose deadline is at or before {@code now} as expired.
   *
   * @return the requests this call expired
   */
  List<ApprovalRequest> expire(Instant now);

  /**
   * Forgets requests that left the pending state before {@code closedBefore}. After that, their ids are
   * unknown.
   *
   * @return how many were forgotten
   */
  int purge(Instant closedBefore);
}
