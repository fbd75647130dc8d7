package dev.agentguard.core.internal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.agentguard.api.ApprovalResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers SESSION-scoped approvals: a fingerprint approved in a conversation, with the answer that approved
 * it. Bounded in size and age; one per gate.
 */
final class SessionApprovals {

  private final Cache<String, ApprovalResponse> approved;

  SessionApprovals(long maxEntries, Duration maxAge) {
    this.approved = CacheBuilder.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge).build();
  }

  void remember(String conversationId, String fingerprint, ApprovalResponse response) {
    Objects.requireNonNull(response, "response must not be null");
    approved.put(key(conversationId, fingerprint), response);
  }

  Optional<ApprovalResponse> find(String conversationId, String fingerprint) {
    return Optional.ofNullable(approved.getIfPresent(key(conversationId, fingerprint)));
  }

  private static String key(String conversationId, String fingerprint) {
    Objects.requireNonNull(conversationId, "conversationId must not be null");
    Objects.requireNonNull(fingerprint, "fingerprint must not be null");
    return conversationId.length() + ":" + conversationId + ":" + fingerprint;
  }
}
