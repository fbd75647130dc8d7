package dev.agentguard.sandbox;

import dev.agentguard.api.Decision;
import dev.agentguard.core.net.NetworkCheck;
import dev.agentguard.core.net.ResolvedTarget;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Serves one client connection of the {@link EgressProxy}: reads and vets the request, judges its target with the
 * network check, connects to one of the checked addresses (never resolving the name again), then tunnels or
 * forwards. Every failure ends the connection; nothing is sent upstream before the target was allowed.
 */
final class ProxyHandler {

  private final NetworkCheck check;
  private final ProxySettings settings;
  private final ProxyAnswers answers;
  private final ProxyForwarder forwarder;
  private final Set<Socket> open;
  private final Executor pool;

  /**
   * A handler adding its upstream connections to {@code open} (the proxy's open sockets, closed when it closes)
   * while in use, and running the upstream-to-client half of a tunnel on {@code pool}.
   */
  ProxyHandler(NetworkCheck check, ProxySettings settings, ProxyAnswers answers, Set<Socket> open, Executor pool) {
    this.check = check;
    this.settings = settings;
    this.answers = answers;
    this.forwarder = new ProxyForwarder(settings, answers);
    this.open = open;
    this.pool = pool;
  }

  /** Serves {@code client} to the end; never throws. The caller closes {@code client}. */
  void handle(Socket client) {
    Socket upstream = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      ProxyRequest request = readRequest(client, in, out);
      if (request == null) {
        return;
      }
      ResolvedTarget target = judge(request, out);
      if (target == null) {
        return;
      }
      upstream = connect(target.addresses(), target.port());
      if (upstream == null) {
        answers.respond(out, 502, null, "could not connect to " + target.hostForUrl() + ":" + target.port());
        return;
      }
      open.add(upstream);
      upstream.setSoTimeout(settings.idleMillis());
      client.setSoTimeout(settings.idleMillis());
      if (request.connect()) {
        out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        tunnel(client, in, upstream);
      } else {
        forwarder.forward(client, in, out, upstream, request, target);
      }
    } catch (IOException | RuntimeException e) {
      // client or upstream went away, timed out, or sent something unusable: drop the connection
    } finally {
      if (upstream != null) {
        open.remove(upstream);
        closeQuietly(upstream);
      }
    }
  }

  /** The client's request, or {@code null} after answering a bad one or if the client sent nothing. */
  private ProxyRequest readRequest(Socket client, InputStream in, OutputStream out) throws IOException {
    try {
      HttpHead head = HttpHead.read(client, in, settings.maxHeaderBytes(),
          System.nanoTime() + settings.headerTimeout().toNanos());
      return head == null ? null : ProxyRequest.of(head);
    } catch (BadRequest e) {
      answers.respond(out, e.status(), null, e.getMessage());
      return null;
    }
  }

  /** The allowed target with at least one checked address, or {@code null} after answering the refusal. */
  private ResolvedTarget judge(ProxyRequest request, OutputStream out) throws IOException {
    ResolvedTarget target = check.resolveTarget(request.url());
    Decision d = target.decision();
    if (!d.isAllow()) {
      answers.respond(out, 403, d, d.reason());
      return null;
    }
    if (target.addresses().isEmpty()) {
      answers.respond(out, 403, Decision.deny(d.check(), NetworkCheck.RULE_RESOLUTION_FAILED, target.host()
          + " has no DNS answer the proxy could check and connect to"), "no checked address");
      return null;
    }
    return target;
  }

  /** A connection to the first checked address that answers, or {@code null}. */
  private Socket connect(List<InetAddress> addresses, int port) {
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, port), (int) settings.connectTimeout().toMillis());
        return s;
      } catch (IOException e) {
        closeQuietly(s);
      }
    }
    return null;
  }

  /** Relays bytes both ways until either side closes or idles out. */
  private void tunnel(Socket client, InputStream clientIn, Socket upstream) throws IOException {
    Runnable upToClient = () -> {
      try {
        upstream.getInputStream().transferTo(client.getOutputStream());
      } catch (IOException e) {
        // either side closed or idled out
      } finally {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    };
    try {
      pool.execute(upToClient);
    } catch (RuntimeException e) {
      return;
    }
    try {
      clientIn.transferTo(upstream.getOutputStream());
      upstream.shutdownOutput();
    } catch (SocketTimeoutException e) {
      closeQuietly(upstream);
    }
  }

  /** Closes {@code c}, ignoring any failure: used only where the connection is being dropped anyway. */
  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing; nothing more to do
    }
  }
}
