package dev.agentguard.api;

import java.util.concurrent.CompletionStage;

/**
 * Asks a human (or a stand-in) whether a held call may run. The guard fails closed: a stage that does not
 * complete in time, completes exceptionally, or completes with {@code null} is a denial.
 */
@FunctionalInterface
public interface Approver {

  /** Starts asking about {@code request} and returns the answer to come. Must not block. */
  CompletionStage<ApprovalResponse> request(ApprovalRequest request);
}
