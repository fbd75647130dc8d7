package dev.agentguard.sandbox.os;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host side of the sandbox's only way out: a Unix-domain socket (bound into the sandbox) whose every connection
 * is relayed, byte for byte, to the egress proxy's loopback TCP address. It carries no policy of its own: the
 * egress proxy judges every request. Closed when the run ends.
 */
final class ProxyRelay implements AutoCloseable {

  private final ServerSocketChannel server;
  private final InetSocketAddress proxy;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  ProxyRelay(Path socket, InetSocketAddress proxy) throws IOException {
    this.proxy = proxy;
    Files.deleteIfExists(socket);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = new Thread(this::acceptLoop, "sandbox-proxy-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel inside;
      try {
        inside = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(inside);
      Thread t = new Thread(() -> relay(inside), "sandbox-proxy-relay-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void relay(SocketChannel inside) {
    try (SocketChannel in = inside; SocketChannel out = SocketChannel.open(proxy)) {
      open.add(out);
      Thread back = new Thread(() -> pump(out, in), "sandbox-proxy-relay-back");
      back.setDaemon(true);
      back.start();
      pump(in, out);
      back.join();
    } catch (IOException e) {
      // the proxy is gone or the connection broke: the command sees a closed connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(inside);
      open.removeIf(c -> !c.isOpen());
    }
  }

  /** Copies until end of stream; reads and writes go to the channels directly (their streams share a lock). */
  private static void pump(SocketChannel from, SocketChannel target) {
    ByteBuffer buf = ByteBuffer.allocate(16384);
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          target.write(buf);
        }
        buf.clear();
      }
      target.shutdownOutput();
    } catch (IOException e) {
      try {
        target.close();
      } catch (IOException ignored) {
        // already closing
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // best effort
    }
    for (SocketChannel c : open) {
      try {
        c.close();
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
