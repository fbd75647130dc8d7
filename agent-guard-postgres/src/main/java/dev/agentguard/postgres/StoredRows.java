package dev.agentguard.postgres;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.ops.approval.StoredApproval;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reads one row of the approvals table back into a {@link StoredApproval}, checking that it holds together. */
final class StoredRows {

  /** Who a denial the store substitutes for an unusable answer is attributed to. */
  static final String STORE = "agent-guard-postgres";

  private StoredRows() {}

  /**
   * Reads the row at {@code rs} (columns fingerprint, request, state, response, answered_fingerprint,
   * closed_at). An answer recorded for another fingerprint than the stored request's, or a request whose
   * fingerprint column and body disagree, reads as a denial: the row was changed outside this library.
   */
  static StoredApproval read(String requestId, ResultSet rs) throws SQLException {
    String fingerprint = rs.getString(1);
    ApprovalRequest request = ApprovalJson.readRequest(rs.getString(2));
    if (!request.requestId().equals(requestId)) {
      throw new IllegalArgumentException("row " + requestId + " holds request " + request.requestId());
    }
    StoredApproval.State state = StoredApproval.State.valueOf(rs.getString(3));
    StoredApproval pending = StoredApproval.pending(request);
    if (state == StoredApproval.State.PENDING) {
      return pending;
    }
    Instant closedAt = Instant.parse(rs.getString(6));
    if (state != StoredApproval.State.ANSWERED) {
      return pending.closed(state, closedAt);
    }
    ApprovalResponse response = ApprovalJson.readResponse(rs.getString(4));
    String answeredFor = rs.getString(5);
    boolean consistent = fingerprint.equals(request.fingerprint())
        && (answeredFor == null || answeredFor.equals(request.fingerprint()));
    if (!consistent && response.isApproved()) {
      response = ApprovalResponse.denied(STORE, "the stored answer by " + response.decidedBy()
          + " was not given for this request's fingerprint; it does not apply");
    }
    return pending.answered(response, closedAt);
  }
}
