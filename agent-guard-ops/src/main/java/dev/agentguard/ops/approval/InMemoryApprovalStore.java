package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link ApprovalStore} in this process's memory. Thread-safe; what a single-host agent needs. */
public final class InMemoryApprovalStore implements ApprovalStore {

  private static final Comparator<ApprovalRequest> OLDEST_FIRST =
      Comparator.comparing(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::requestId);

  private final Map<String, StoredApproval> entries = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryApprovalStore() {}

  @Override
  public void putPending(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    StoredApproval previous = entries.putIfAbsent(request.requestId(), StoredApproval.pending(request));
    if (previous != null) {
      throw new IllegalStateException("an approval request with id " + request.requestId() + " is already stored");
    }
  }

  @Override
  public List<ApprovalRequest> listPending() {
    List<ApprovalRequest> out = new ArrayList<>();
    for (StoredApproval s : entries.values()) {
      if (s.isPending()) {
        out.add(s.request());
      }
    }
    out.sort(OLDEST_FIRST);
    return List.copyOf(out);
  }

  @Override
  public Optional<StoredApproval> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    return Optional.ofNullable(entries.get(requestId));
  }

  @Override
  public boolean complete(String requestId, ApprovalResponse response, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(response, "response must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return transition(requestId, s -> s.answered(response, at));
  }

  @Override
  public boolean complete(String requestId, String fingerprint, ApprovalResponse response, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    Objects.requireNonNull(response, "response must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return transition(requestId, s -> s.request().fingerprint().equals(fingerprint) ? s.answered(response, at) : s);
  }

  @Override
  public boolean close(String requestId, StoredApproval.State state, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(at, "at must not be null");
    if (state != StoredApproval.State.EXPIRED && state != StoredApproval.State.CANCELLED) {
      throw new IllegalArgumentException("state must be EXPIRED or CANCELLED, was " + state);
    }
    return transition(requestId, s -> s.closed(state, at));
  }

  @Override
  public List<ApprovalRequest> expire(Instant now) {
    Objects.requireNonNull(now, "now must not be null");
    List<ApprovalRequest> expired = new ArrayList<>();
    for (StoredApproval s : entries.values()) {
      if (s.isPending() && !s.request().expiresAt().isAfter(now)
          && close(s.requestId(), StoredApproval.State.EXPIRED, now)) {
        expired.add(s.request());
      }
    }
    expired.sort(OLDEST_FIRST);
    return List.copyOf(expired);
  }

  @Override
  public int purge(Instant closedBefore) {
    Objects.requireNonNull(closedBefore, "closedBefore must not be null");
    int[] removed = {0};
    entries.values().removeIf(s -> {
      boolean old = s.closedAt().map(t -> t.isBefore(closedBefore)).orElse(false);
      if (old) {
        removed[0]++;
      }
      return old;
    });
    return removed[0];
  }

  private boolean transition(String requestId, java.util.function.UnaryOperator<StoredApproval> change) {
    boolean[] changed = {false};
    entries.computeIfPresent(requestId, (id, s) -> {
      if (!s.isPending()) {
        return s;
      }
      StoredApproval next = change.apply(s);
      changed[0] = next != s;
      return next;
    });
    return changed[0];
  }

  @Override
  public String toString() {
    return "InMemoryApprovalStore{" + entries.size() + " requests}";
  }
}
