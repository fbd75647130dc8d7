package dev.agentguard.test;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An {@link Approver} that answers from a script, for tests of approval flows. Every request is recorded.
 *
 * <p>A request is answered by the first of:
 *
 * <ol>
 *   <li>the standing rules, in the order added ({@link #denyWhen}, {@link #approveWhen});
 *   <li>the next scripted answer, first in first out ({@link #approveNext}, {@link #approveNextForSession},
 *       {@link #denyNext}, {@link #holdNext}, {@link #neverAnswerNext});
 *   <li>the fallback: deny, unless changed with {@link #otherwiseApprove()} and friends. A test that did not
 *       script an answer fails closed, as the guard does.
 * </ol>
 *
 * <p>A held request ({@link #holdNext}) waits until the test answers it through {@link PendingApproval}; one that
 * is never answered runs into the policy's approval timeout. Thread-safe: the guard may ask on any thread while
 * the test scripts and answers on another.
 *
 * <pre>{@code
 * ScriptedApprover approver = ScriptedApprover.create("alice")
 *     .denyWhen(r -> r.call().toolName().equals("deploy_prod"), "not on a Friday")
 *     .approveNext(2);
 * }</pre>
 */
public final class ScriptedApprover implements Approver {

  private enum Kind { APPROVE, APPROVE_SESSION, DENY, HOLD }

  private record Answer(Kind kind, String comment) {}

  private record Rule(Predicate<? super ApprovalRequest> when, Answer answer) {}

  private final String decidedBy;
  private final Object lock = new Object();
  private final List<Rule> rules = new ArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private Answer fallback = new Answer(Kind.DENY, "no scripted answer");
  private final List<ApprovalRequest> requests = new ArrayList<>();
  private final List<PendingApproval> held = new ArrayList<>();

  private ScriptedApprover(String decidedBy) {
    this.decidedBy = decidedBy;
  }

  /**
   * Returns an approver that decides as {@code "scripted-approver"} and denies anything unscripted.
   *
   * @return an approver that decides as {@code "scripted-approver"} and denies anything unscripted
   */
  public static ScriptedApprover create() {
    return create("scripted-approver");
  }

  /**
   * Returns an approver that decides as {@code decidedBy} and denies anything unscripted.
   *
   * @param decidedBy who the answers say decided; not blank
   * @return an approver that decides as {@code decidedBy} and denies anything unscripted
   */
  public static ScriptedApprover create(String decidedBy) {
    Objects.requireNonNull(decidedBy, "decidedBy must not be null");
    if (decidedBy.isBlank()) {
      throw new IllegalArgumentException("decidedBy must not be blank");
    }
    return new ScriptedApprover(decidedBy);
  }

  /**
   * Who the answers say decided.
   *
   * @return the name the answers carry
   */
  public String decidedBy() {
    return decidedBy;
  }

  /**
   * Approves the next {@code n} requests, each for that one call only.
   *
   * @param n how many requests; not negative
   * @return this approver
   */
  public ScriptedApprover approveNext(int n) {
    return enqueue(n, new Answer(Kind.APPROVE, ""));
  }

  /**
   * Approves the next {@code n} requests for the session: identical calls in the same conversation pass.
   *
   * @param n how many requests; not negative
   * @return this approver
   */
  public ScriptedApprover approveNextForSession(int n) {
    return enqueue(n, new Answer(Kind.APPROVE_SESSION, ""));
  }

  /**
   * Denies the next {@code n} requests with {@code comment}.
   *
   * @param n how many requests; not negative
   * @param comment the denial's comment; not {@code null}
   * @return this approver
   */
  public ScriptedApprover denyNext(int n, String comment) {
    return enqueue(n, new Answer(Kind.DENY, Objects.requireNonNull(comment, "comment must not be null")));
  }

  /**
   * Holds the next {@code n} requests unanswered until the test answers them through {@link #awaitPending} /
   * {@link #pending()}.
   *
   * @param n how many requests; not negative
   * @return this approver
   */
  public ScriptedApprover holdNext(int n) {
    return enqueue(n, new Answer(Kind.HOLD, ""));
  }

  /**
   * Never answers the next {@code n} requests, so the guard's approval timeout denies them. The same as
   * {@link #holdNext} with nobody answering.
   *
   * @param n how many requests; not negative
   * @return this approver
   */
  public ScriptedApprover neverAnswerNext(int n) {
    return holdNext(n);
  }

  /**
   * Denies every request that satisfies {@code when}, before any scripted answer.
   *
   * @param when selects the requests to deny
   * @param comment the denial's comment; not {@code null}
   * @return this approver
   */
  public ScriptedApprover denyWhen(Predicate<? super ApprovalRequest> when, String comment) {
    Objects.requireNonNull(when, "when must not be null");
    Objects.requireNonNull(comment, "comment must not be null");
    synchronized (lock) {
      rules.add(new Rule(when, new Answer(Kind.DENY, comment)));
    }
    return this;
  }

  /**
   * Approves (once) every request that satisfies {@code when}, before any scripted answer.
   *
   * @param when selects the requests to approve
   * @return this approver
   */
  public ScriptedApprover approveWhen(Predicate<? super ApprovalRequest> when) {
    Objects.requireNonNull(when, "when must not be null");
    synchronized (lock) {
      rules.add(new Rule(when, new Answer(Kind.APPROVE, "")));
    }
    return this;
  }

  /**
   * Approves (once) every request with no rule or scripted answer.
   *
   * @return this approver
   */
  public ScriptedApprover otherwiseApprove() {
    return otherwise(new Answer(Kind.APPROVE, ""));
  }

  /**
   * Approves for the session every request with no rule or scripted answer.
   *
   * @return this approver
   */
  public ScriptedApprover otherwiseApproveForSession() {
    return otherwise(new Answer(Kind.APPROVE_SESSION, ""));
  }

  /**
   * Denies with {@code comment} every request with no rule or scripted answer (the default).
   *
   * @param comment the denial's comment; not {@code null}
   * @return this approver
   */
  public ScriptedApprover otherwiseDeny(String comment) {
    return otherwise(new Answer(Kind.DENY, Objects.requireNonNull(comment, "comment must not be null")));
  }

  /**
   * Never answers a request with no rule or scripted answer: the guard's timeout denies it.
   *
   * @return this approver
   */
  public ScriptedApprover otherwiseNeverAnswer() {
    return otherwise(new Answer(Kind.HOLD, ""));
  }

  private ScriptedApprover otherwise(Answer answer) {
    synchronized (lock) {
      fallback = answer;
    }
    return this;
  }

  private ScriptedApprover enqueue(int n, Answer answer) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    synchronized (lock) {
      for (int i = 0; i < n; i++) {
        script.addLast(answer);
      }
    }
    return this;
  }

  @Override
  public CompletionStage<ApprovalResponse> request(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    Answer answer;
    synchronized (lock) {
      requests.add(request);
      answer = null;
      for (Rule rule : rules) {
        if (rule.when().test(request)) {
          answer = rule.answer();
          break;
        }
      }
      if (answer == null) {
        answer = script.isEmpty() ? fallback : script.removeFirst();
      }
      if (answer.kind() == Kind.HOLD) {
        PendingApproval pending = new PendingApproval(request, decidedBy);
        held.add(pending);
        lock.notifyAll();
        return pending.future;
      }
      lock.notifyAll();
    }
    return CompletableFuture.completedFuture(respond(answer));
  }

  private ApprovalResponse respond(Answer answer) {
    switch (answer.kind()) {
      case APPROVE:
        return ApprovalResponse.approved(decidedBy);
      case APPROVE_SESSION:
        return ApprovalResponse.approvedForSession(decidedBy);
      default:
        return ApprovalResponse.denied(decidedBy, answer.comment());
    }
  }

  /**
   * Every request received so far, in order.
   *
   * @return every request received so far, in order
   */
  public List<ApprovalRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * The number of requests received so far.
   *
   * @return the number of requests received so far
   */
  public int requestCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /**
   * The last request received.
   *
   * @return the last request received
   * @throws IllegalStateException if there was none
   */
  public ApprovalRequest lastRequest() {
    synchronized (lock) {
      if (requests.isEmpty()) {
        throw new IllegalStateException("the approver received no request");
      }
      return requests.get(requests.size() - 1);
    }
  }

  /**
   * The number of scripted answers not used yet.
   *
   * @return the number of scripted answers not used yet
   */
  public int remainingScript() {
    synchronized (lock) {
      return script.size();
    }
  }

  /**
   * The held requests not answered (nor given up by the guard) yet, in order.
   *
   * @return the held requests not answered (nor given up by the guard) yet, in order
   */
  public List<PendingApproval> pending() {
    synchronized (lock) {
      return held.stream().filter(p -> !p.future.isDone()).toList();
    }
  }

  /**
   * Waits for the first held request nobody has answered yet.
   *
   * @param timeout how long to wait at most
   * @return the held request, to answer from the test
   * @throws TimeoutException if none arrived within {@code timeout}
   * @throws InterruptedException if the wait was interrupted
   */
  public PendingApproval awaitPending(Duration timeout) throws TimeoutException, InterruptedException {
    Objects.requireNonNull(timeout, "timeout must not be null");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        for (PendingApproval p : held) {
          if (!p.future.isDone()) {
            return p;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("no held approval request within " + timeout + " (requests so far: "
              + requests.size() + ")");
        }
        lock.wait(Math.max(1, left / 1_000_000), 0);
      }
    }
  }

  /**
   * Waits until at least {@code count} requests have arrived, and returns them.
   *
   * @param count how many requests must have arrived; not negative
   * @param timeout how long to wait at most
   * @return every request so far, in order (at least {@code count})
   * @throws TimeoutException if they did not arrive within {@code timeout}
   * @throws InterruptedException if the wait was interrupted
   */
  public List<ApprovalRequest> awaitRequests(int count, Duration timeout)
      throws TimeoutException, InterruptedException {
    Objects.requireNonNull(timeout, "timeout must not be null");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (requests.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "waited " + timeout + " for " + count + " approval requests, got " + requests.size());
        }
        lock.wait(Math.max(1, left / 1_000_000), 0);
      }
      return List.copyOf(requests);
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "ScriptedApprover{decidedBy=" + decidedBy + ", requests=" + requests.size() + ", script="
          + script.size() + ", held=" + held.size() + "}";
    }
  }

  /**
   * A request the approver is holding: the test answers it (or lets the guard time out). Thread-safe; only
   * the first answer counts.
   */
  public static final class PendingApproval {
    private final ApprovalRequest request;
    private final String decidedBy;
    private final CompletableFuture<ApprovalResponse> future = new CompletableFuture<>();

    private PendingApproval(ApprovalRequest request, String decidedBy) {
      this.request = request;
      this.decidedBy = decidedBy;
    }

    /**
     * The request held.
     *
     * @return the request held
     */
    public ApprovalRequest request() {
      return request;
    }

    /**
     * Approves the call once; returns {@code false} if it was already answered or the guard gave up.
     *
     * @return whether this answer reached the guard
     */
    public boolean approve() {
      return answer(ApprovalResponse.approved(decidedBy));
    }

    /**
     * Approves the call for the session; returns {@code false} if it was already answered or given up.
     *
     * @return whether this answer reached the guard
     */
    public boolean approveForSession() {
      return answer(ApprovalResponse.approvedForSession(decidedBy));
    }

    /**
     * Denies the call; returns {@code false} if it was already answered or the guard gave up.
     *
     * @param comment the denial's comment; not {@code null}
     * @return whether this answer reached the guard
     */
    public boolean deny(String comment) {
      return answer(ApprovalResponse.denied(decidedBy, Objects.requireNonNull(comment, "comment must not be null")));
    }

    /**
     * Answers with {@code response}; returns {@code false} if it was already answered or given up.
     *
     * @param response the answer; not {@code null}
     * @return whether this answer reached the guard
     */
    public boolean answer(ApprovalResponse response) {
      return future.complete(Objects.requireNonNull(response, "response must not be null"));
    }

    /**
     * Whether the guard gave up waiting (a timeout cancels the request).
     *
     * @return whether the guard gave up waiting (a timeout cancels the request)
     */
    public boolean isCancelled() {
      return future.isCancelled();
    }

    /**
     * Whether the request was answered or given up.
     *
     * @return whether the request was answered or given up
     */
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public String toString() {
      return "PendingApproval{" + request.call().toolName() + ", done=" + future.isDone() + "}";
    }
  }
}
