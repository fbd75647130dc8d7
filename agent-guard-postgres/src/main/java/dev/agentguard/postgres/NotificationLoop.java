package dev.agentguard.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The thread that holds one connection in {@code LISTEN} and hands each notified request id to the
 * subscribers. When the connection is lost it connects again (after a delay) and first tells the subscribers
 * {@code null}: notifications sent while it was away are gone, so they must re-read what they wait for.
 */
final class NotificationLoop {

  private static final System.Logger LOG = System.getLogger("dev.agentguard");
  private static final int WAIT_MILLIS = 250;

  private final DataSource dataSource;
  private final String channel;
  private final long reconnectMillis;
  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile boolean stopped;
  /** A subscriber failed to handle a change: tell everyone to re-read at the next turn of the loop. */
  private volatile boolean resync;

  NotificationLoop(DataSource dataSource, String channel, Duration reconnectDelay) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.reconnectMillis = reconnectDelay.toMillis();
    this.thread = new Thread(this::loop, "agent-guard-postgres-listen");
    this.thread.setDaemon(true);
  }

  void add(Consumer<String> subscriber) {
    subscribers.add(subscriber);
  }

  void start() {
    thread.start();
  }

  /** Waits up to {@code timeout} for the first {@code LISTEN}; returns whether it happened. */
  boolean awaitListening(Duration timeout) {
    try {
      return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void stop() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    boolean announced = false;
    boolean warned = false;
    while (!stopped) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        if (warned) {
          LOG.log(System.Logger.Level.INFO, "approval store listening again on " + channel);
        }
        announced = true;
        warned = false;
        listening.countDown();
        tell(null);
        while (!stopped) {
          PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
          if (notes != null) {
            for (PGNotification n : notes) {
              tell(n.getParameter());
            }
          }
          if (resync) {
            resync = false;
            tell(null);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!stopped) {
          if (!warned) {
            LOG.log(System.Logger.Level.WARNING, "approval store " + (announced ? "lost its" : "cannot open a")
                + " LISTEN connection (" + e.getMessage() + "); trying again every " + reconnectMillis + " ms");
            warned = true;
          }
          pause();
        }
      }
    }
  }

  private void tell(String requestId) {
    for (Consumer<String> s : subscribers) {
      try {
        s.accept(requestId);
      } catch (RuntimeException e) {
        resync = true;
        LOG.log(System.Logger.Level.DEBUG, "approval store subscriber could not handle a change; it will re-read", e);
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(reconnectMillis);
    } catch (InterruptedException e) {
      // stop() interrupts: the loop condition decides
    }
  }
}
