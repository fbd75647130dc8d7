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
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  TestPool(DataSource target) {
    this.target = target;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection physical = idle.pollFirst();
    if (physical == null || physical.isClosed()) {
      physical = target.getConnection();
    }
    return wrap(physical);
  }

  private Connection wrap(Connection physical) {
    boolean[] broken = {false};
    boolean[] returned = {false};
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        if (!returned[0]) {
          returned[0] = true;
          if (broken[0] || !physical.getAutoCommit()) {
            physical.close();
          } else {
            idle.addFirst(physical);
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
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      c.close();
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
