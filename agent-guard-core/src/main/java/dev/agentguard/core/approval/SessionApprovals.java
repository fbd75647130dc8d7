package dev.agentguard.core.approval;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * Remembers SESSION-scoped approvals: a fingerprint approved in a conversation. Bounded in size and age; one
 * per guard.
 */
final class SessionApprovals {

  private final Cache<String, Boolean> approved;

  SessionApprovals(long maxEntries, Duration maxAge) {
    this.approved = CacheBuilder.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
  }

  void remember(String conversationId, String fingerprint) {
    approved.put(key(conversationId, fingerprint), Boolean.TRUE);
  }

  boolean isApproved(String conversationId, String fingerprint) {
    return approved.getIfPresent(key(conversationId, fingerprint)) != null;
  }

  private static String key(String conversationId, String fingerprint) {
    Objects.requireNonNull(conversationId, "conversationId must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    return conversationId.length() + ":" + conversationId + ":" + fingerprint;
  }
}
