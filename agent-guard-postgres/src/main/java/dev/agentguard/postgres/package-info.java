/**
 * Approvals shared by many hosts in PostgreSQL: {@link dev.agentguard.postgres.PostgresApprovalStore} keeps
 * pending approval requests in one table, records each answer as a compare-and-set on the pending row that
 * also checks the fingerprint the answer was given for, and wakes the hosts whose calls wait with
 * {@code LISTEN/NOTIFY}.
 */
package dev.agentguard.postgres;
