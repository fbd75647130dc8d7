package dev.agentguard.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console: holders of the API token (sent as {@code Authorization: Bearer}) and browsers
 * signed in with a one-time login code (an {@code HttpOnly} session cookie, each session with its own CSRF
 * token). Secrets are compared in constant time. Thread-safe.
 */
final class ConsoleAuth {

  /** The most browser sessions kept; signing in beyond it forgets the oldest. */
  static final int MAX_SESSIONS = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token = secret();
  private final Map<String, Instant> loginCodes = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration sessionLifetime;
  private final Duration loginCodeLifetime;

  /** A signed-in browser. */
  record Session(String id, String csrfToken, Instant expiresAt) {}

  ConsoleAuth(Clock clock, Duration sessionLifetime, Duration loginCodeLifetime) {
    this.clock = clock;
    this.sessionLifetime = sessionLifetime;
    this.loginCodeLifetime = loginCodeLifetime;
  }

  /** 256 random bits, URL-safe. */
  static String secret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  String token() {
    return token;
  }

  /** A new code for the login link; it signs in one browser, once, within its lifetime. */
  String newLoginCode() {
    Instant now = clock.instant();
    loginCodes.values().removeIf(expiry -> !expiry.isAfter(now));
    String code = secret();
    loginCodes.put(code, now.plus(loginCodeLifetime));
    return code;
  }

  /** Uses up {@code code} and opens a session, or returns empty when the code is unknown, used or expired. */
  Optional<Session> login(String code) {
    if (code == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // Look the code up by constant-time comparison against every live code (a handful at most).
    String match = null;
    for (String candidate : loginCodes.keySet()) {
      if (constantTimeEquals(candidate, code)) {
        match = candidate;
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    Instant expiry = loginCodes.remove(match);
    if (expiry == null || !expiry.isAfter(now)) {
      return Optional.empty();
    }
    Session s = new Session(secret(), secret(), now.plus(sessionLifetime));
    sessions.put(s.id(), s);
    evict(now);
    return Optional.of(s);
  }

  /** The live session with id {@code id}. */
  Optional<Session> session(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = null;
    for (Session candidate : sessions.values()) {
      if (constantTimeEquals(candidate.id(), id)) {
        s = candidate;
      }
    }
    if (s == null || !s.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Whether {@code presented} is the API token. */
  boolean isToken(String presented) {
    return presented != null && constantTimeEquals(token, presented);
  }

  static boolean constantTimeEquals(String expected, String presented) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private void evict(Instant now) {
    sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
    while (sessions.size() > MAX_SESSIONS) {
      sessions.values().stream().min(Comparator.comparing(Session::expiresAt))
          .ifPresent(oldest -> sessions.remove(oldest.id()));
    }
  }
}
