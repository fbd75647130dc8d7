package dev.agentguard.sandbox;

import dev.agentguard.core.net.NetworkCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link EgressProxy}'s listening side: accepts connections on a loopback port and serves each on a pool
 * thread while one of its connection slots is free; a connection beyond the slots is answered 503 at once.
 * Closing it closes the listening socket and every open connection, and releases the threads.
 */
final class ProxyAcceptor implements AutoCloseable {

  private final ServerSocket server;
  private final ThreadPoolExecutor pool;
  private final Semaphore permits;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final ProxyHandler handler;
  private volatile boolean closed;

  /** Binds to an ephemeral loopback port and starts accepting. */
  ProxyAcceptor(NetworkCheck check, ProxySettings settings, ProxyAnswers answers) throws IOException {
    this.permits = new Semaphore(settings.maxConnections());
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(0, 2 * settings.maxConnections() + 2, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "agent-guard-proxy-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.handler = new ProxyHandler(check, settings, answers, open, pool);
    this.acceptor = new Thread(this::acceptLoop, "agent-guard-proxy-accept");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** The loopback address and port connections are accepted on. */
  InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Stops accepting, closes every open connection and releases the threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    ProxyHandler.closeQuietly(server);
    for (Socket s : open) {
      ProxyHandler.closeQuietly(s);
    }
    pool.shutdownNow();
    try {
      acceptor.join(2000);
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        pauseAfterAcceptFailure();
        continue;
      }
      if (!permits.tryAcquire()) {
        refuseBusy(client);
        continue;
      }
      open.add(client);
      try {
        pool.execute(() -> {
          try {
            handler.handle(client);
          } finally {
            // The slot is free before the client sees the connection end, so a client that reconnects at once
            // is not refused as busy by a slot its own finished connection still held.
            open.remove(client);
            permits.release();
            ProxyHandler.closeQuietly(client);
          }
        });
      } catch (RuntimeException e) {
        open.remove(client);
        ProxyHandler.closeQuietly(client);
        permits.release();
      }
    }
  }

  /** Back off briefly when accepting fails (such as running out of file descriptors) instead of spinning. */
  private static void pauseAfterAcceptFailure() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void refuseBusy(Socket client) {
    try {
      client.setSoTimeout(1000);
      client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // the client is gone; nothing to tell it
    } finally {
      ProxyHandler.closeQuietly(client);
    }
  }
}
