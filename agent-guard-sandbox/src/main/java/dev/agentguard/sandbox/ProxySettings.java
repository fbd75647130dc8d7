package dev.agentguard.sandbox;

import java.time.Duration;

/** Limits and timeouts of an {@link EgressProxy}, as its builder validated them. */
record ProxySettings(int maxConnections, int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout,
    Duration connectTimeout, Duration bodyTimeout) {

  /** The idle timeout as a socket timeout. */
  int idleMillis() {
    return (int) idleTimeout.toMillis();
  }
}
