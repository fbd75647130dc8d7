-- agent-guard: approvals shared by many hosts (PostgreSQL 12 or newer).
-- PostgresApprovalStore runs this file at start unless told not to; it is safe to run again.
-- The request column holds the exact call, arguments unredacted: grant access to this table accordingly.
CREATE TABLE IF NOT EXISTS agent_guard_approvals (
  request_id           text        PRIMARY KEY,
  fingerprint          text        NOT NULL,
  request              text        NOT NULL,
  state                text        NOT NULL DEFAULT 'PENDING'
                                   CHECK (state IN ('PENDING', 'ANSWERED', 'EXPIRED', 'CANCELLED')),
  created_at           timestamptz NOT NULL,
  expires_at           timestamptz NOT NULL,
  response             text,
  answered_fingerprint text,
  closed_at            text,
  closed_at_ts         timestamptz,
  CHECK ((state = 'ANSWERED') = (response IS NOT NULL)),
  CHECK ((state = 'PENDING') = (closed_at IS NULL))
);
CREATE INDEX IF NOT EXISTS agent_guard_approvals_pending
  ON agent_guard_approvals (expires_at) WHERE state = 'PENDING';
CREATE INDEX IF NOT EXISTS agent_guard_approvals_closed
  ON agent_guard_approvals (closed_at_ts) WHERE state <> 'PENDING';
