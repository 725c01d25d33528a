package io.github.uploadkit.openai.uploads.fake;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's rate limit on part requests, as an organization's limit looks from one client: at
 * most {@code maxInFlight} parts being received at once and at most {@code perSecond} admitted in
 * any second (0 for no limit); a part beyond either is refused with 429 and
 * {@code Retry-After}, and counted.
 */
final class PartRateLimit {
  private static final long SECOND = 1_000_000_000L;

  private final int maxInFlight;
  private final int perSecond;
  private final long retryAfterSeconds;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ArrayDeque<Long> admitted = new ArrayDeque<>();
  final AtomicInteger refused = new AtomicInteger();

  PartRateLimit(int maxInFlight, int perSecond, long retryAfterSeconds) {
    this.maxInFlight = maxInFlight;
    this.perSecond = perSecond;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Admits one part, or counts a refusal and returns false; an admitted part must be {@link #release}d. */
  boolean admit() {
    if (maxInFlight > 0 && inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      refused.incrementAndGet();
      return false;
    }
    if (perSecond > 0) {
      long now = System.nanoTime();
      synchronized (admitted) {
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= SECOND) {
          admitted.pollFirst();
        }
        if (admitted.size() >= perSecond) {
          if (maxInFlight > 0) {
            inFlight.decrementAndGet();
          }
          refused.incrementAndGet();
          return false;
        }
        admitted.addLast(now);
      }
    }
    return true;
  }

  void release() {
    if (maxInFlight > 0) {
      inFlight.decrementAndGet();
    }
  }
}
