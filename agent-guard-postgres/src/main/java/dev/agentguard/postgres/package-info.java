/**
 * Approvals shared by many hosts in PostgreSQL: {@link dev.agentguard.postgres.PostgresApprovalStore} keeps
 * pending approval requests in one table, records each answer as a compare-and-set on the pending row that
 * also checks the fingerprint the answer was given for, and wakes the hosts whose calls wait with
 * {@code LISTEN/NOTIFY}. Depends on {@code agent-guard-ops} (the {@code ApprovalStore} it implements), the API,
 * Jackson and the PostgreSQL JDBC driver; nothing depends on it.
 */
package dev.agentguard.postgres;
