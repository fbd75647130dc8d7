/**
 * Approvals shared by many hosts in PostgreSQL. Reads the JDBC driver's {@code LISTEN/NOTIFY} API through
 * {@code org.postgresql.jdbc}, the driver's declared module name.
 */
module dev.agentguard.postgres {
  requires transitive dev.agentguard.ops;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires org.postgresql.jdbc;

  exports dev.agentguard.postgres;
}
