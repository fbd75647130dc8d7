package dev.agentguard.postgres;

import dev.agentguard.api.ApprovalRequest;
import dev.agentguard.api.ApprovalResponse;
import dev.agentguard.ops.approval.ApprovalStore;
import dev.agentguard.ops.approval.StoredApproval;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * An {@link dev.agentguard.ops.approval.ApprovalStore} in PostgreSQL, shared by every host that points at the
 * same database: a call waiting on one host can be answered from any other.
 *
 * <ul>
 *   <li>Each request is one row of {@code agent_guard_approvals} (the shipped {@code schema.sql}, run at start
 *       unless {@link Builder#createSchema(boolean)} says otherwise).
 *   <li>Every change is one compare-and-set on the pending row ({@code UPDATE ... WHERE request_id = ? AND state
 *       = 'PENDING'}); an answer given for a fingerprint also requires {@code fingerprint = ?}, so a stale or
 *       forged answer never applies.
 *   <li>The same statement sends {@code NOTIFY agent_guard_approvals} with the request id; an inbox built over
 *       this store listens on one dedicated connection and wakes the call waiting for that id. After a lost
 *       connection it listens again and re-reads every waiting request, since notifications sent meanwhile are
 *       lost.
 *   <li>An answered row whose answer was given for another fingerprint than the stored request's is read back
 *       as a denial.
 * </ul>
 *
 * <p>Connections come from the {@link DataSource} given (a pool such as HikariCP, or the driver's own
 * {@code PGSimpleDataSource}); each operation borrows one and gives it back. A failure of the database surfaces
 * as {@link ApprovalStoreException}: nothing changed, and the guard denies the call that needed the change.
 * Thread-safe. {@link #close()} stops the listening thread; it does not close the data source.
 */
public final class PostgresApprovalStore implements ApprovalStore, AutoCloseable {

  /** The table the store keeps requests in. */
  public static final String TABLE = "agent_guard_approvals";

  /** The channel changes are announced on ({@code LISTEN agent_guard_approvals}). */
  public static final String CHANNEL = "agent_guard_approvals";

  private static final Comparator<ApprovalRequest> OLDEST_FIRST =
      Comparator.comparing(ApprovalRequest::createdAt).thenComparing(ApprovalRequest::requestId);

  private static final String CHANGED = "WITH changed AS (UPDATE " + TABLE + " SET %s WHERE %s RETURNING "
      + "request_id, request) SELECT changed.request, pg_notify('" + CHANNEL + "', changed.request_id) FROM changed";

  private final DataSource dataSource;
  private final Duration reconnectDelay;
  private final Duration connectTimeout;
  private final Object listenerLock = new Object();
  private NotificationLoop listener;
  private boolean closed;

  private PostgresApprovalStore(Builder b) {
    this.dataSource = b.dataSource;
    this.reconnectDelay = b.reconnectDelay;
    this.connectTimeout = b.connectTimeout;
  }

  /**
   * A store over {@code dataSource} that creates its table if missing.
   *
   * @param dataSource where connections come from; the listening thread keeps one open
   * @return the store, its schema created
   * @throws ApprovalStoreException if the schema cannot be created
   */
  public static PostgresApprovalStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * Returns a builder for a store over {@code dataSource}.
   *
   * @param dataSource where connections come from; not {@code null}
   * @return a builder with the defaults
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The statements that create the table and its indexes, as shipped in {@code schema.sql}.
   *
   * @return the SQL text of {@code schema.sql}
   */
  public static String schemaSql() {
    try (InputStream in = PostgresApprovalStore.class.getResourceAsStream("schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the agent-guard-postgres jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema.sql from the agent-guard-postgres jar", e);
    }
  }

  private void createSchema() {
    run("create the approvals table", c -> {
      // hosts starting together: one creates, the others wait and find it there
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(hashtext('" + TABLE + "'))");
        s.execute(schemaSql());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return null;
    });
  }

  @Override
  public void putPending(ApprovalRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    int inserted = run("store approval request " + request.requestId(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (request_id, fingerprint, request,"
          + " state, created_at, expires_at) VALUES (?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (request_id) DO NOTHING")) {
        s.setString(1, request.requestId());
        s.setString(2, request.fingerprint());
        s.setString(3, ApprovalJson.write(request));
        s.setTimestamp(4, Timestamp.from(request.createdAt()));
        s.setTimestamp(5, Timestamp.from(request.expiresAt()));
        return s.executeUpdate();
      }
    });
    if (inserted != 1) {
      throw new IllegalStateException("an approval request with id " + request.requestId() + " is already stored");
    }
  }

  @Override
  public List<ApprovalRequest> listPending() {
    List<ApprovalRequest> out = run("list pending approval requests", c -> {
      List<ApprovalRequest> rows = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT request_id, request FROM " + TABLE
          + " WHERE state = 'PENDING'"); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(request(rs.getString(1), rs.getString(2)));
        }
      }
      return rows;
    });
    out.sort(OLDEST_FIRST);
    return List.copyOf(out);
  }

  @Override
  public Optional<StoredApproval> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    return run("read approval request " + requestId, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT fingerprint, request, state, response, "
          + "answered_fingerprint, closed_at FROM " + TABLE + " WHERE request_id = ?")) {
        s.setString(1, requestId);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(StoredRows.read(requestId, rs)) : Optional.<StoredApproval>empty();
        }
      }
    });
  }

  @Override
  public boolean complete(String requestId, ApprovalResponse response, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(response, "response must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return answer(requestId, null, response, at);
  }

  @Override
  public boolean complete(String requestId, String fingerprint, ApprovalResponse response, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    Objects.requireNonNull(response, "response must not be null");
    Objects.requireNonNull(at, "at must not be null");
    return answer(requestId, fingerprint, response, at);
  }

  private boolean answer(String requestId, String fingerprint, ApprovalResponse response, Instant at) {
    String sql = String.format(CHANGED, "state = 'ANSWERED', response = ?, answered_fingerprint = ?, closed_at = ?,"
        + " closed_at_ts = ?", "request_id = ? AND state = 'PENDING'" + (fingerprint == null ? "" : " AND fingerprint = ?"));
    return run("answer approval request " + requestId, c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, ApprovalJson.write(response));
        s.setString(2, fingerprint);
        s.setString(3, at.toString());
        s.setTimestamp(4, Timestamp.from(at));
        s.setString(5, requestId);
        if (fingerprint != null) {
          s.setString(6, fingerprint);
        }
        return count(s) == 1;
      }
    });
  }

  @Override
  public boolean close(String requestId, StoredApproval.State state, Instant at) {
    Objects.requireNonNull(requestId, "requestId must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(at, "at must not be null");
    if (state != StoredApproval.State.EXPIRED && state != StoredApproval.State.CANCELLED) {
      throw new IllegalArgumentException("state must be EXPIRED or CANCELLED, was " + state);
    }
    String sql = String.format(CHANGED, "state = ?, closed_at = ?, closed_at_ts = ?",
        "request_id = ? AND state = 'PENDING'");
    return run("close approval request " + requestId, c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, state.name());
        s.setString(2, at.toString());
        s.setTimestamp(3, Timestamp.from(at));
        s.setString(4, requestId);
        return count(s) == 1;
      }
    });
  }

  @Override
  public List<ApprovalRequest> expire(Instant now) {
    Objects.requireNonNull(now, "now must not be null");
    String sql = String.format(CHANGED, "state = 'EXPIRED', closed_at = ?, closed_at_ts = ?",
        "state = 'PENDING' AND expires_at <= ?");
    List<ApprovalRequest> expired = run("expire approval requests", c -> {
      List<ApprovalRequest> rows = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, now.toString());
        s.setTimestamp(2, Timestamp.from(now));
        s.setTimestamp(3, Timestamp.from(now));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(ApprovalJson.readRequest(rs.getString(1)));
          }
        }
      }
      return rows;
    });
    expired.sort(OLDEST_FIRST);
    return List.copyOf(expired);
  }

  @Override
  public int purge(Instant closedBefore) {
    Objects.requireNonNull(closedBefore, "closedBefore must not be null");
    return run("purge closed approval requests", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM " + TABLE
          + " WHERE state <> 'PENDING' AND closed_at_ts < ?")) {
        s.setTimestamp(1, Timestamp.from(closedBefore));
        return s.executeUpdate();
      }
    });
  }

  /**
   * Starts (once) the thread that listens for changes on one dedicated connection and tells {@code closed} of
   * each request id that left the pending state, on any host. Returns once the connection listens, or after
   * the connect timeout when the database cannot be reached (the thread keeps trying; until it listens,
   * waiting calls learn of answers through the inbox's sync).
   */
  @Override
  public boolean subscribe(Consumer<String> closed) {
    Objects.requireNonNull(closed, "closed must not be null");
    NotificationLoop l;
    synchronized (listenerLock) {
      if (this.closed) {
        throw new IllegalStateException("the store is closed");
      }
      if (listener == null) {
        listener = new NotificationLoop(dataSource, CHANNEL, reconnectDelay);
        listener.start();
      }
      l = listener;
      l.add(closed);
    }
    l.awaitListening(connectTimeout);
    return true;
  }

  /** Stops listening for changes. Calls still waiting learn of answers only through the inbox's sync. */
  @Override
  public void close() {
    NotificationLoop l;
    synchronized (listenerLock) {
      closed = true;
      l = listener;
    }
    if (l != null) {
      l.stop();
    }
  }

  private static int count(PreparedStatement s) throws SQLException {
    int n = 0;
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        n++;
      }
    }
    return n;
  }

  private static ApprovalRequest request(String requestId, String json) {
    ApprovalRequest r = ApprovalJson.readRequest(json);
    if (!r.requestId().equals(requestId)) {
      throw new IllegalArgumentException("row " + requestId + " holds request " + r.requestId());
    }
    return r;
  }

  private <T> T run(String what, SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw new ApprovalStoreException("could not " + what + " in PostgreSQL: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ApprovalStoreException("could not " + what + ": the row in " + TABLE + " cannot be read ("
          + e.getMessage() + ")", e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public String toString() {
    return "PostgresApprovalStore{" + TABLE + "}";
  }

  /** Builds a {@link PostgresApprovalStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private boolean createSchema = true;
    private Duration reconnectDelay = Duration.ofMillis(250);
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
    }

    /**
     * Whether {@link #build()} runs the shipped {@code schema.sql} (default {@code true}; it only creates what
     * is missing). Turn it off when a migration tool applies the file and the store's user may not create
     * tables.
     *
     * @param createSchema whether to create the table and indexes on build
     * @return this builder
     */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /**
     * How long the listening thread waits before it connects again after losing its connection (default 250 ms).
     *
     * @param delay the wait between reconnection attempts; positive
     * @return this builder
     * @throws IllegalArgumentException if {@code delay} is zero or negative
     */
    public Builder reconnectDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay must not be null");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("reconnect delay must be positive: " + delay);
      }
      this.reconnectDelay = delay;
      return this;
    }

    /**
     * How long {@link #subscribe} waits for the listening connection the first time (default 10 s). It does not
     * fail when that passes: the thread keeps trying.
     *
     * @param timeout the first wait; zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("connect timeout must not be negative: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Returns the store.
     *
     * @return the store
     * @throws ApprovalStoreException if the schema is to be created and the database refuses
     */
    public PostgresApprovalStore build() {
      PostgresApprovalStore store = new PostgresApprovalStore(this);
      if (createSchema) {
        store.createSchema();
      }
      return store;
    }
  }
}
