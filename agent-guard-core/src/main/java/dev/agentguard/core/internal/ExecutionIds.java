package dev.agentguard.core.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Execution ids of one guard: unique per {@code execute}, shaped as version-4 UUIDs. The 64 high bits and a base
 * for the low bits are drawn once from {@link SecureRandom} when the guard is built; each id then adds a counter
 * value to the base, and is spelled as a UUID only when something reads it. The counter is striped by thread
 * ({@value #STRIPES} stripes, one cache line apart): stripe {@code s} hands out {@code s}, {@code s + STRIPES},
 * {@code s + 2 * STRIPES}, and so on, so no two calls get the same value and two threads on different stripes
 * never write the same cache line. Ids are never reused by one
 * guard (before 2^62 calls), and two guards collide only if they drew the same 122 random bits. A random UUID per
 * call instead costs a {@code SecureRandom} draw, which one shared generator serialises between threads.
 *
 * <p>Ids are identifiers, not secrets: they are unique, not unpredictable. Thread-safe.
 */
final class ExecutionIds {

  static final int STRIPES = 8;
  /** 16 longs: 128 bytes, so stripes never share a cache line (nor an adjacent-line prefetch pair). */
  private static final int SPACING = 16;
  private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final long VARIANT_BITS = 0x8000_0000_0000_0000L;

  private final long high;
  private final long base;
  private final AtomicLongArray counters = new AtomicLongArray(STRIPES * SPACING);

  ExecutionIds() {
    SecureRandom random = new SecureRandom();
    // Version 4 in bits 12..15 of the high word, as UUID.randomUUID() sets it.
    this.high = (random.nextLong() & ~0xF000L) | 0x4000L;
    this.base = random.nextLong();
  }

  /** A new id, different from every id this generator returned before. */
  String next() {
    return format(draw());
  }

  /**
   * A new id as a number, different from every number drawn before; {@link #format} spells it. An {@code execute}
   * draws one and spells it only if someone sees it (a listener, an approval, a session step).
   */
  long draw() {
    int stripe = (int) Thread.currentThread().getId() & (STRIPES - 1);
    return counters.getAndIncrement(stripe * SPACING) * STRIPES + stripe;
  }

  /** The id drawn as {@code n}. */
  String format(long n) {
    return new UUID(high, ((base + n) & VARIANT_MASK) | VARIANT_BITS).toString();
  }
}
