package dev.agentguard.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A small connection pool for the tests (the store takes any DataSource; production would give HikariCP). A
 * connection that saw an SQLException is closed instead of reused, so that the pool recovers from a database
 * restart the way a real pool does. Hands out proxies whose close() returns the connection.
 */
final class TestPool implements DataSource {

  private final DataSource target;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();

  private record Idle(Connection connection, long since) {}

  /** At most this many connections are out at once; a borrower waits for one, as with a real pool. */
  private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(8, true);

  TestPool(DataSource target) {
    this.target = target;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!permits.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new SQLException("no connection free within 30 s", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", "08001", e);
    }
    try {
      return borrow();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private Connection borrow() throws SQLException {
    for (Idle i; (i = idle.pollFirst()) != null; ) {
      // like HikariCP: a connection idle for a while is checked before it is handed out
      if (System.nanoTime() - i.since() < 500_000_000L || i.connection().isValid(2)) {
        return wrap(i.connection());
      }
      i.connection().close();
    }
    return wrap(target.getConnection());
  }

  private Connection wrap(Connection physical) {
    boolean[] broken = {false};
    boolean[] returned = {false};
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        if (!returned[0]) {
          returned[0] = true;
          try {
            if (broken[0] || physical.isClosed() || !physical.getAutoCommit()) {
              physical.close();
            } else {
              idle.addFirst(new Idle(physical, System.nanoTime()));
            }
          } finally {
            permits.release();
          }
        }
        return null;
      }
      if (method.getName().equals("unwrap") && ((Class<?>) args[0]).isInstance(physical)) {
        return ((Class<?>) args[0]).cast(physical);
      }
      try {
        return method.invoke(physical, args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof SQLException) {
          broken[0] = true;
        }
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  int idleCount() {
    return idle.size();
  }

  void closeIdle() throws SQLException {
    for (Idle i; (i = idle.pollFirst()) != null; ) {
      i.connection().close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
