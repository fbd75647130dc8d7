package dev.agentguard.api;

import java.util.concurrent.CompletionStage;

/**
 * Asks a human (or a stand-in) whether a held call may run. The guard fails closed: a stage that does not
 * complete in time, completes exceptionally, or completes with {@code null} is a denial.
 */
@FunctionalInterface
public interface Approver {

  /**
   * Starts asking about {@code request} and returns the answer to come. Must not block.
   *
   * @param request the held call, its decisions and the question to put to a person
   * @return a stage completed with the answer; the guard stops waiting (and denies) after the policy's approval
   *     timeout, and treats an exceptional or {@code null} completion as a denial
   */
  CompletionStage<ApprovalResponse> request(ApprovalRequest request);
}
