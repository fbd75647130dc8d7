package dev.agentguard.ops.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * An {@link Approver} that holds requests until someone answers them by id, from any thread: what a web UI, a
 * chat bot or a test drives. Requests live in an {@link ApprovalStore} (in memory by default); listeners hear
 * of each new request. Every answer reports what happened to it: an unknown, expired, withdrawn or
 * already-answered id is reported as such, never as a success.
 *
 * <p>An answer that names the fingerprint it was given for (the one the person was shown) is checked against
 * the request: when they differ the request is denied, since what was approved is not what is waiting.
 *
 * <p>Thread-safe. Listeners run on the thread that made or closed the request and must be quick; one that
 * throws is ignored.
 */
public final class ApprovalInbox implements Approver {

  private static final System.Logger LOG = System.getLogger("dev.agentguard");
  private static final Duration PURGE_EVERY = Duration.ofSeconds(1);

  private final ApprovalStore store;
  private final Clock clock;
  private final Duration retention;
  private final Map<String, CompletableFuture<ApprovalResponse>> waiting = new ConcurrentHashMap<>();
  /**
   * The fingerprint each call waiting here asked about, once its request is in the store: an answer stored for
   * another fingerprint never reaches it, and a call whose request is still being stored is not looked up.
   */
  private final Map<String, String> askedFingerprints = new ConcurrentHashMap<>();
  /** Ids the store told of while their request was still being stored: looked up once it is. */
  private final java.util.Set<String> changedWhileStoring = ConcurrentHashMap.newKeySet();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicReference<Instant> lastPurge =
      new java.util.concurrent.atomic.AtomicReference<>();

  private ApprovalInbox(Builder b) {
    this.store = b.store != null ? b.store : new InMemoryApprovalStore();
    this.clock = b.clock;
    this.retention = b.retention;
  }

  /**
   * An inbox over a new {@link InMemoryApprovalStore}, on the system clock.
   *
   * @return an inbox over a new {@link InMemoryApprovalStore}, on the system clock
   */
  public static ApprovalInbox create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Hears of new requests and of requests that closed through this inbox. */
  @FunctionalInterface
  public interface Listener {
    /**
     * A request arrived and waits for an answer.
     *
     * @param request the new pending request
     */
    void onRequest(ApprovalRequest request);

    /**
     * A request was answered, expired or was withdrawn.
     *
     * @param approval the request in its closed state
     */
    default void onClosed(StoredApproval approval) {}
  }

  /** What became of an answer. */
  public enum AnswerStatus {
    /** The answer was recorded and delivered to the waiting call. */
    ACCEPTED,
    /** The answer named another fingerprint than the request's; the request was denied. */
    FINGERPRINT_MISMATCH,
    /** No request with this id is known (never made, or forgotten). */
    UNKNOWN,
    /** The request was already answered; the earlier answer stands. */
    ALREADY_ANSWERED,
    /** The request's deadline passed; the call was denied. */
    EXPIRED,
    /** The guard withdrew the request before its deadline (the caller was interrupted or the gate closed). */
    CANCELLED
  }

  /**
   * The result of an answer.
   *
   * @param status what became of it
   * @param requestId the id answered
   * @param message a sentence for the person who answered
   */
  public record AnswerResult(AnswerStatus status, String requestId, String message) {
    /**
     * Validates the components.
     *
     * @param status what became of the answer; not {@code null}
     * @param requestId the id answered; not {@code null}
     * @param message a sentence for the person who answered; not {@code null}
     */
    public AnswerResult {
      Objects.requireNonNull(status, "status must not be null");
      Objects.requireNonNull(requestId, "requestId must not be null");
      Objects.requireNonNull(message, "message must not be null");
    }

    /**
     * Whether the answer was delivered as given.
     *
     * @return whether the answer was delivered as given
     */
    public boolean isAccepted() {
      return status == AnswerStatus.ACCEPTED;
    }
  }

  @Override
  public CompletionStage<ApprovalResponse> request(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    String id = request.requestId();
    CompletableFuture<ApprovalResponse> answer = new CompletableFuture<>();
    if (waiting.putIfAbsent(id, answer) != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("approval request " + id + " is already waiting in this inbox"));
    }
    try {
      purgeNow(clock.instant());
      store.putPending(request);
    } catch (RuntimeException e) {
      waiting.remove(id, answer);
      changedWhileStoring.remove(id);
      return CompletableFuture.failedFuture(e);
    }
    askedFingerprints.put(id, request.fingerprint());
    if (changedWhileStoring.remove(id)) {
      storeChangedQuietly(id);
    }
    answer.whenComplete((response, error) -> {
      waiting.remove(id, answer);
      askedFingerprints.remove(id);
      changedWhileStoring.remove(id);
      if (answer.isCancelled()) {
        Instant now = clock.instant();
        StoredApproval.State state = request.expiresAt().isAfter(now)
            ? StoredApproval.State.CANCELLED : StoredApproval.State.EXPIRED;
        if (store.close(id, state, now)) {
          store.find(id).ifPresent(this::closed);
        }
      }
    });
    for (Listener l : listeners) {
      try {
        l.onRequest(request);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "approval inbox listener threw; ignored", e);
      }
    }
    return answer;
  }

  /**
   * The requests waiting for an answer, oldest first. Expires those past their deadline first.
   *
   * @return the requests waiting for an answer, oldest first
   */
  public List<ApprovalRequest> pending() {
    housekeeping();
    return store.listPending();
  }

  /**
   * The request with id {@code requestId} in whatever state, if still known.
   *
   * @param requestId the request's id; not {@code null}
   * @return the request with id {@code requestId} in whatever state, if still known
   */
  public Optional<StoredApproval> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    return store.find(requestId);
  }

  /**
   * Approves request {@code requestId} once, as {@code decidedBy}.
   *
   * @param requestId the request's id
   * @param decidedBy who approved, as recorded in the answer; not blank
   * @return what became of the answer
   */
  public AnswerResult approve(String requestId, String decidedBy) {
    return answer(requestId, ApprovalResponse.approved(decidedBy));
  }

  /**
   * Approves request {@code requestId} and the same call again in the same conversation.
   *
   * @param requestId the request's id
   * @param decidedBy who approved, as recorded in the answer; not blank
   * @return what became of the answer
   */
  public AnswerResult approveForSession(String requestId, String decidedBy) {
    return answer(requestId, ApprovalResponse.approvedForSession(decidedBy));
  }

  /**
   * Denies request {@code requestId}.
   *
   * @param requestId the request's id
   * @param decidedBy who denied, as recorded in the answer; not blank
   * @param comment why, shown with the refusal; may be empty, not {@code null}
   * @return what became of the answer
   */
  public AnswerResult deny(String requestId, String decidedBy, String comment) {
    return answer(requestId, ApprovalResponse.denied(decidedBy, comment));
  }

  /**
   * Answers request {@code requestId} with {@code response}.
   *
   * @param requestId the request's id; not {@code null}
   * @param response the answer; not {@code null}
   * @return what became of the answer: only {@link AnswerStatus#ACCEPTED} reached the waiting call
   */
  public AnswerResult answer(String requestId, ApprovalResponse response) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(response, "response must not be null");
    return deliver(requestId, null, response);
  }

  /**
   * Answers request {@code requestId} with {@code response}, given for the call with {@code fingerprint} (the
   * one the person was shown). When the request's fingerprint differs, the request is denied.
   *
   * @param requestId the request's id; not {@code null}
   * @param fingerprint the fingerprint of the call the person was shown; not {@code null}
   * @param response the answer; not {@code null}
   * @return what became of the answer; {@link AnswerStatus#FINGERPRINT_MISMATCH} when the fingerprints differ
   */
  public AnswerResult answer(String requestId, String fingerprint, ApprovalResponse response) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    Objects.requireNonNull(response, "response must not be null");
    return deliver(requestId, fingerprint, response);
  }

  private AnswerResult deliver(String requestId, String fingerprint, ApprovalResponse response) {
    Instant now = clock.instant();
    Optional<StoredApproval> found = store.find(requestId);
    if (found.isEmpty()) {
      return new AnswerResult(AnswerStatus.UNKNOWN, requestId, "no approval request with id " + requestId);
    }
    StoredApproval stored = found.get();
    if (!stored.isPending()) {
      return notPending(stored);
    }
    if (!stored.request().expiresAt().isAfter(now)) {
      if (store.close(requestId, StoredApproval.State.EXPIRED, now)) {
        expired(requestId);
      }
      return notPending(store.find(requestId).orElse(stored.closed(StoredApproval.State.EXPIRED, now)));
    }
    if (fingerprint == null) {
      return record(requestId, response, store.complete(requestId, response, now), AnswerStatus.ACCEPTED, null);
    }
    if (fingerprint.equals(stored.request().fingerprint())
        && store.complete(requestId, fingerprint, response, now)) {
      return record(requestId, response, true, AnswerStatus.ACCEPTED, null);
    }
    // Another call than the one the answer was given for waits under this id (or the stored request changed
    // while the answer was on its way): the answer never applies, and the request is denied.
    Optional<StoredApproval> current = store.find(requestId);
    if (current.isEmpty() || !current.get().isPending()) {
      return record(requestId, response, false, AnswerStatus.ACCEPTED, null);
    }
    String actual = current.get().request().fingerprint();
    ApprovalResponse denial = ApprovalResponse.denied(response.decidedBy(), "the answer was given for another call"
        + " (fingerprint " + abbreviate(fingerprint) + ", request " + abbreviate(actual) + ")");
    return record(requestId, denial, store.complete(requestId, denial, now), AnswerStatus.FINGERPRINT_MISMATCH,
        "the answer was for fingerprint " + fingerprint + " but request " + requestId + " has fingerprint " + actual
            + "; the request was denied");
  }

  /** Reports an answer the store did or did not record, and wakes the call waiting here when it did. */
  private AnswerResult record(String requestId, ApprovalResponse effective, boolean recorded, AnswerStatus status,
      String message) {
    if (!recorded) {
      return store.find(requestId).map(this::notPending).orElse(
          new AnswerResult(AnswerStatus.UNKNOWN, requestId, "no approval request with id " + requestId));
    }
    store.find(requestId).ifPresent(this::closed);
    CompletableFuture<ApprovalResponse> local = waiting.remove(requestId);
    if (local != null && !local.complete(effective)) {
      return new AnswerResult(AnswerStatus.CANCELLED, requestId,
          "approval request " + requestId + " was withdrawn by the guard as the answer arrived; the call did not run");
    }
    return new AnswerResult(status, requestId,
        message != null ? message : effective.isApproved() ? "approved" : "denied");
  }

  /**
   * Delivers answers recorded in the store by others (another host sharing the store) to calls waiting here,
   * and expires requests past their deadline.
   *
   * @return how many waiting calls were resolved
   */
  public int sync() {
    housekeeping();
    int resolved = 0;
    for (String id : waiting.keySet()) {
      resolved += sync(id) ? 1 : 0;
    }
    return resolved;
  }

  /** Delivers what the store holds for request {@code id} to the call waiting here, if it is closed. */
  private boolean sync(String id) {
    CompletableFuture<ApprovalResponse> local = waiting.get(id);
    if (local == null) {
      return false;
    }
    String asked = askedFingerprints.get(id);
    if (asked == null) {
      // request() has not stored it yet: leave a mark it checks once it has (checked twice, so no change is lost)
      changedWhileStoring.add(id);
      asked = askedFingerprints.get(id);
      if (asked == null || !changedWhileStoring.remove(id)) {
        return false;
      }
    }
    Optional<StoredApproval> stored = store.find(id);
    if (stored.isEmpty()) {
      return local.completeExceptionally(new IllegalStateException("the store no longer knows approval request " + id));
    }
    if (!asked.equals(stored.get().request().fingerprint())) {
      return local.completeExceptionally(new IllegalStateException("the store holds another call under approval"
          + " request " + id + " (fingerprint " + abbreviate(stored.get().request().fingerprint()) + ")"));
    }
    switch (stored.get().state()) {
      case ANSWERED:
        return local.complete(stored.get().response().orElseThrow());
      case EXPIRED:
        return local.completeExceptionally(new TimeoutException("approval request " + id + " expired"));
      case CANCELLED:
        return local.cancel(false);
      default:
        return false;
    }
  }

  private void storeChangedQuietly(String id) {
    try {
      sync(id);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "approval inbox could not read request " + id + " from its store; "
          + "the call waits for the next change the store reports, or its deadline", e);
    }
  }

  /**
   * Called by a store that tells of closed requests: wakes the call waiting for {@code id}, or all when null.
   * A failure to read the store propagates to the store, which calls again with null later.
   */
  private void storeChanged(String id) {
    if (id == null) {
      sync();
    } else {
      sync(id);
    }
  }

  /**
   * Adds a listener for new and closed requests.
   *
   * @param listener the listener; called on the thread that opened or closed the request; not {@code null}
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
  }

  /**
   * Removes a listener added earlier; returns whether it was there.
   *
   * @param listener the listener to remove; not {@code null}
   * @return whether the listener was registered
   */
  public boolean removeListener(Listener listener) {
    Objects.requireNonNull(listener, "listener must not be null");
    return listeners.remove(listener);
  }

  private void housekeeping() {
    Instant now = clock.instant();
    for (ApprovalRequest r : store.expire(now)) {
      expired(r.requestId());
    }
    purgeNow(now);
  }

  /**
   * Forgets requests closed longer than the retention ago; at most once a second by the inbox's clock, so that a
   * busy inbox over a shared database does not send a DELETE with every request.
   */
  private void purgeNow(Instant now) {
    Instant last = lastPurge.get();
    if (last != null && now.isBefore(last.plus(PURGE_EVERY)) && !now.isBefore(last)) {
      return;
    }
    if (lastPurge.compareAndSet(last, now)) {
      store.purge(now.minus(retention));
    }
  }

  private void expired(String requestId) {
    CompletableFuture<ApprovalResponse> local = waiting.remove(requestId);
    if (local != null) {
      local.completeExceptionally(new TimeoutException("approval request " + requestId + " expired"));
    }
    store.find(requestId).ifPresent(this::closed);
  }

  private void closed(StoredApproval approval) {
    for (Listener l : listeners) {
      try {
        l.onClosed(approval);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "approval inbox listener threw; ignored", e);
      }
    }
  }

  private AnswerResult notPending(StoredApproval stored) {
    String id = stored.requestId();
    switch (stored.state()) {
      case ANSWERED:
        ApprovalResponse earlier = stored.response().orElseThrow();
        return new AnswerResult(AnswerStatus.ALREADY_ANSWERED, id, "approval request " + id
            + " was already " + (earlier.isApproved() ? "approved" : "denied") + " by " + earlier.decidedBy());
      case EXPIRED:
        return new AnswerResult(AnswerStatus.EXPIRED, id,
            "approval request " + id + " expired at " + stored.request().expiresAt() + "; the call was denied");
      case CANCELLED:
        return new AnswerResult(AnswerStatus.CANCELLED, id,
            "approval request " + id + " was withdrawn by the guard; the call did not run");
      default:
        throw new IllegalStateException("approval request " + id + " is still pending");
    }
  }

  private static String abbreviate(String fingerprint) {
    return fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint;
  }

  @Override
  public String toString() {
    return "ApprovalInbox{" + waiting.size() + " waiting here, store=" + store + "}";
  }

  /** Builds an {@link ApprovalInbox}. Not thread-safe; the inbox it builds is. */
  public static final class Builder {
    private ApprovalStore store;
    private Clock clock = Clock.systemUTC();
    private Duration retention = Duration.ofHours(1);

    private Builder() {}

    /**
     * Sets where requests are kept (default: a new {@link InMemoryApprovalStore}).
     *
     * @param store the store; not {@code null}
     * @return this builder
     */
    public Builder store(ApprovalStore store) {
      this.store = Objects.requireNonNull(store, "store must not be null");
      return this;
    }

    /**
     * Sets the clock deadlines are checked against (default: the system clock).
     *
     * @param clock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Sets how long a closed request is remembered, so that a late answer to it is reported as such rather
     * than as unknown (default one hour).
     *
     * @param retention how long closed requests are kept; zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code retention} is negative
     */
    public Builder retention(Duration retention) {
      Objects.requireNonNull(retention, "retention must not be null");
      if (retention.isNegative()) {
        throw new IllegalArgumentException("retention must not be negative: " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * Returns the inbox.
     *
     * @return the inbox
     */
    public ApprovalInbox build() {
      ApprovalInbox inbox = new ApprovalInbox(this);
      inbox.store.subscribe(inbox::storeChanged);
      return inbox;
    }
  }
}
