package dev.agentguard.sandbox;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A tiny child program for the proxy test when {@code curl} is missing: fetches its argument through the proxy
 * named by {@code HTTP_PROXY} and prints the status, the refusal rule header and the body.
 */
public final class ProxyChild {
  private ProxyChild() {}

  /** Entry point: {@code ProxyChild URL}. */
  public static void main(String[] args) throws Exception {
    URI proxy = URI.create(System.getenv("HTTP_PROXY"));
    Proxy p = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHost(), proxy.getPort()));
    HttpURLConnection c = (HttpURLConnection) URI.create(args[0]).toURL().openConnection(p);
    int status = c.getResponseCode();
    System.out.println("HTTP " + status);
    String rule = c.getHeaderField(EgressProxy.RULE_HEADER);
    if (rule != null) {
      System.out.println(EgressProxy.RULE_HEADER + ": " + rule);
    }
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in != null) {
      System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
