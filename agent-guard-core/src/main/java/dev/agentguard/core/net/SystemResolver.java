package dev.agentguard.core.net;

import dev.agentguard.api.Durations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK resolver with a bounded wait: lookups run on a small daemon pool (threads die when idle), and a lookup
 * that takes longer than the timeout, or finds the pool saturated, is a failure.
 */
final class SystemResolver implements HostResolver {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The blocking lookup the resolver bounds (the JDK's by default). */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  private final long timeoutNanos;
  private final ThreadPoolExecutor pool;
  private final Lookup lookup;

  SystemResolver(Duration timeout) {
    this(timeout, InetAddress::getAllByName);
  }

  SystemResolver(Duration timeout, Lookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup must not be null");
    this.timeoutNanos = Durations.positive(timeout, "timeout").toNanos();
    this.pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "agent-guard-dns");
      t.setDaemon(true);
      return t;
    });
    this.pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    Objects.requireNonNull(host, "host must not be null");
    Future<InetAddress[]> f;
    try {
      f = pool.submit(() -> lookup.lookup(host));
    } catch (RejectedExecutionException e) {
      throw new UnknownHostException(host + ": too many lookups in flight");
    }
    try {
      return List.of(f.get(timeoutNanos, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new UnknownHostException(host + ": lookup timed out");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new UnknownHostException(host + ": lookup interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UnknownHostException) {
        throw (UnknownHostException) c;
      }
      UnknownHostException u = new UnknownHostException(host + ": " + c);
      u.initCause(c);
      throw u;
    }
  }
}
