package dev.agentguard.core.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP listener on one loopback address and an ephemeral port that answers every request with 204 and
 * records where it arrived (the local address and port) and its {@code Host} header.
 */
final class LoopbackListener {

  /**
   * A request as it arrived.
   *
   * @param local the address the client connected to
   * @param localPort the port it connected to
   * @param host the {@code Host} header, or empty
   */
  record Request(InetAddress local, int localPort, String host) {}

  private final ServerSocket socket;
  private final BlockingQueue<Request> seen = new LinkedBlockingQueue<>();

  private LoopbackListener(ServerSocket socket) {
    this.socket = socket;
  }

  /** Listens on {@code address}; fails if the system has no such local address. */
  static LoopbackListener open(InetAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.bind(new InetSocketAddress(address, 0));
    } catch (IOException e) {
      s.close();
      throw e;
    }
    LoopbackListener l = new LoopbackListener(s);
    Thread t = new Thread(l::serve, "loopback-listener-" + address.getHostAddress());
    t.setDaemon(true);
    t.start();
    return l;
  }

  InetAddress address() {
    return socket.getInetAddress();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Forgets what arrived so far. */
  void forget() {
    seen.clear();
  }

  /** The next request that arrives within the timeout, or {@code null}. */
  Request received(long timeout, TimeUnit unit) throws InterruptedException {
    return seen.poll(timeout, unit);
  }

  void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing at the end of the test
    }
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String host = "";
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
            host = line.substring(5).trim();
          }
        }
        seen.add(new Request(s.getLocalAddress(), s.getLocalPort(), host));
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // closed at the end, or a client that went away
      }
    }
  }
}
