package io.github.uploadkit.openai.uploads.internal;

/**
 * The rate limit every upload of an engine shares: a pause that a refusal (429) starts for all
 * requests, and a limit on parts in flight that adapts. The first refusal halves the limit; a
 * later one takes a quarter off; either counts once per pause, since the other refusals of the
 * same burst say nothing new. The limit grows by one after a run of successes as long as the
 * limit, but only once {@value #PROBE_AFTER_WAITS} times the last wait has passed without a
 * refusal, so that probing for more costs a pause rarely; it never exceeds the engine's maximum.
 * Not thread-safe: the scheduler guards it.
 */
final class RateLimit {
  static final int PROBE_AFTER_WAITS = 10;

  private final int max;
  private int limit;
  private int successes;
  private long pausedUntil;
  private long lastThrottle;
  private long probeAfter;
  private boolean throttledBefore;

  /** A limit of {@code max} parts in flight, not paused at {@code now} (the engine clock's nanoseconds). */
  RateLimit(int max, long now) {
    this.max = max;
    this.limit = max;
    this.pausedUntil = now;
  }

  /** What the rate limit is at a moment: for metrics, and for a drain to report. */
  record State(int limit, int max, long pausedNanos) {
  }

  /** The limit now, and how much longer requests are paused at {@code now}. */
  State state(long now) {
    return new State(limit, max, Math.max(0, pausedUntil - now));
  }

  /** Parts that may be in flight now. */
  int limit() {
    return limit;
  }

  /** Whether requests must wait at {@code now} (the engine clock's nanoseconds). */
  boolean paused(long now) {
    return now - pausedUntil < 0;
  }

  long pausedUntil() {
    return pausedUntil;
  }

  /** Whether a request was ever refused for the rate limit. */
  boolean refusedBefore() {
    return throttledBefore;
  }

  /** A request was refused for the rate limit at {@code now}: every request waits {@code waitNanos}. */
  void throttled(long now, long waitNanos) {
    successes = 0;
    boolean sameBurst = throttledBefore && now - lastThrottle < Math.max(waitNanos, 1_000_000);
    if (!sameBurst) {
      limit = throttledBefore ? Math.max(1, limit - Math.max(1, limit / 4)) : Math.max(1, limit / 2);
      lastThrottle = now;
      throttledBefore = true;
    }
    probeAfter = now + PROBE_AFTER_WAITS * Math.max(waitNanos, 0);
    if (now + waitNanos - pausedUntil > 0) {
      pausedUntil = now + waitNanos;
    }
  }

  /** A part request went through at {@code now}. */
  void succeeded(long now) {
    if (++successes >= limit && limit < max && (!throttledBefore || now - probeAfter >= 0)) {
      limit++;
      successes = 0;
    }
  }
}
