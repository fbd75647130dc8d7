package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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
   * @param request the new request; not {@code null}
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
   * @param requestId the request's id
   * @return the stored request with id {@code requestId}, in whatever state, if the store still knows it
   */
  Optional<StoredApproval> find(String requestId);

  /**
   * Records {@code response} as the answer to request {@code requestId}, if and only if it is still pending.
   *
   * @param requestId the request's id
   * @param response the answer
   * @param at when the answer was given
   * @return whether this call made the change; {@code false} when the id is unknown or no longer pending
   */
  boolean complete(String requestId, ApprovalResponse response, Instant at);

  /**
   * Records {@code response} as the answer to request {@code requestId}, if and only if it is still pending
   * and its fingerprint is {@code fingerprint}: an answer given for another call never applies. A store over a
   * shared database makes this one compare-and-set on the pending row (in SQL: {@code UPDATE ... WHERE id = ?
   * AND state = 'PENDING' AND fingerprint = ?}). The default reads the stored request first, which is exact for
   * a store whose requests cannot change once stored.
   *
   * @param requestId the request's id
   * @param fingerprint the fingerprint of the call the answer was given for
   * @param response the answer
   * @param at when the answer was given
   * @return whether this call made the change; {@code false} when the id is unknown, no longer pending, or the
   *     stored fingerprint differs
   */
  default boolean complete(String requestId, String fingerprint, ApprovalResponse response, Instant at) {
    Optional<StoredApproval> stored = find(requestId);
    return stored.isPresent() && stored.get().isPending() && stored.get().request().fingerprint().equals(fingerprint)
        && complete(requestId, response, at);
  }

  /**
   * Closes request {@code requestId} without an answer, if and only if it is still pending.
   *
   * @param state {@link StoredApproval.State#EXPIRED} or {@link StoredApproval.State#CANCELLED}
   * @param requestId the request's id
   * @param at when it closed
   * @return whether this call made the change
   */
  boolean close(String requestId, StoredApproval.State state, Instant at);

  /**
   * Marks every pending request whose deadline is at or before {@code now} as expired.
   *
   * @param now the instant deadlines are compared with
   * @return the requests this call expired
   */
  List<ApprovalRequest> expire(Instant now);

  /**
   * Forgets requests that left the pending state before {@code closedBefore}. After that, their ids are
   * unknown.
   *
   * @param closedBefore requests closed strictly before this instant are forgotten
   * @return how many were forgotten
   */
  int purge(Instant closedBefore);

  /**
   * Asks to be told when requests close, including through other hosts sharing this store, so that an inbox
   * wakes its waiting calls without polling. A store that cannot tell returns {@code false} (the default), and
   * waiting calls only learn of answers given elsewhere through {@link ApprovalInbox#sync()}.
   *
   * @param closed called with the id of a request that left the pending state; called with {@code null} when
   *     the store may have missed changes (after a lost connection), meaning: check every waiting request.
   *     When it throws (it could not read the store), the store calls it again with {@code null} later
   * @return whether the store will call {@code closed}
   */
  default boolean subscribe(Consumer<String> closed) {
    return false;
  }
}
