package dev.agentguard.core.internal.session;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.agentguard.core.session.SessionLimits;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The bounded store of sessions by conversation id (see {@link SessionLimits}). Thread-safe. Idle expiry follows
 * the guard's clock.
 */
final class Sessions {

  private final Cache<String, Session> byConversation;
  private final int maxFingerprints;

  Sessions(SessionLimits limits, Clock clock) {
    this.maxFingerprints = limits.maxFingerprints();
    // On the system clock, the cheaper monotonic ticker; any other clock (a test's) drives idle expiry itself.
    Ticker ticker = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())
        ? Ticker.systemTicker()
        : new Ticker() {
          @Override
          public long read() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
          }
        };
    this.byConversation = CacheBuilder.newBuilder()
        .maximumSize(limits.maxSessions())
        .expireAfterAccess(limits.idleExpiry())
        .ticker(ticker)
        .build();
  }

  /** The session of {@code conversationId}, created when new; a fresh unshared one when it is {@code null}. */
  Session get(String conversationId) {
    if (conversationId == null) {
      return new Session("", maxFingerprints);
    }
    Session known = byConversation.getIfPresent(conversationId);
    if (known != null) {
      return known;
    }
    try {
      return byConversation.get(conversationId, () -> new Session(conversationId, maxFingerprints));
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create a session", e.getCause());
    }
  }

  /** The session of {@code conversationId} if it is kept, without creating or touching one. */
  Optional<Session> peek(String conversationId) {
    return Optional.ofNullable(byConversation.asMap().get(Objects.requireNonNull(conversationId)));
  }

  /** Forgets {@code conversationId}: its next call starts a new session. */
  void reset(String conversationId) {
    byConversation.invalidate(Objects.requireNonNull(conversationId, "conversationId must not be null"));
  }

  /** Sessions kept now (an upper bound while expired ones await clean-up). */
  long size() {
    return byConversation.size();
  }
}
