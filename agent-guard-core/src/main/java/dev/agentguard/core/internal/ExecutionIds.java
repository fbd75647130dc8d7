package dev.agentguard.core.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Execution ids of one guard: unique per {@code execute}, shaped as version-4 UUIDs. The 64 high bits and the
 * start of the low bits are drawn once from {@link SecureRandom} when the guard is built; each id then takes the
 * next value of a counter in the low bits. Ids are never reused by one guard (the counter wraps after 2^62
 * calls), and two guards collide only if they drew the same 122 random bits. Drawing a random UUID per call
 * instead costs a {@code SecureRandom} call, which a shared generator serialises between threads.
 *
 * <p>Ids are identifiers, not secrets: they are unique, not unpredictable. Thread-safe.
 */
final class ExecutionIds {

  private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final long VARIANT_BITS = 0x8000_0000_0000_0000L;

  private final long high;
  private final AtomicLong next;

  ExecutionIds() {
    SecureRandom random = new SecureRandom();
    // Version 4 in bits 12..15 of the high word, as UUID.randomUUID() sets it.
    this.high = (random.nextLong() & ~0xF000L) | 0x4000L;
    this.next = new AtomicLong(random.nextLong());
  }

  /** A new id, different from every id this generator returned before. */
  String next() {
    long low = (next.getAndIncrement() & VARIANT_MASK) | VARIANT_BITS;
    return new UUID(high, low).toString();
  }
}
