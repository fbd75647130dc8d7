package dev.agentguard.core.approval;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.api.Approver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An approver a test answers by hand: each request waits until the test approves or denies it. Thread-safe. */
final class HandApprover implements Approver {

  private final Map<String, CompletableFuture<ApprovalResponse>> answers = new ConcurrentHashMap<>();
  private final Map<String, ApprovalRequest> pending = new ConcurrentHashMap<>();
  private final List<Consumer<ApprovalRequest>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<ApprovalResponse> request(ApprovalRequest request) {
    CompletableFuture<ApprovalResponse> answer = new CompletableFuture<>();
    answers.put(request.requestId(), answer);
    pending.put(request.requestId(), request);
    listeners.forEach(l -> l.accept(request));
    return answer;
  }

  void addListener(Consumer<ApprovalRequest> listener) {
    listeners.add(listener);
  }

  /** The requests not answered yet, in no particular order. */
  List<ApprovalRequest> pending() {
    return List.copyOf(pending.values());
  }

  /** Answers {@code requestId}; false when it is unknown or already answered. */
  boolean answer(String requestId, ApprovalResponse response) {
    CompletableFuture<ApprovalResponse> f = answers.get(requestId);
    boolean first = f != null && pending.remove(requestId) != null;
    return first && f.complete(response);
  }

  boolean approve(String requestId, String by) {
    return answer(requestId, ApprovalResponse.approved(by));
  }

  boolean deny(String requestId, String by, String reason) {
    return answer(requestId, ApprovalResponse.denied(by, reason));
  }
}
