package io.github.uploadkit.openai.uploads.fake;

import com.sun.net.httpserver.Headers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The fake's request budget, as an organization's rate limit looks from every process that uses
 * its key: a bucket of {@code burst} requests, shared by all callers, that refills at
 * {@code perSecond}. A request takes one; a request that finds less than one left is refused and
 * takes none. Every answer can announce the budget as the API does, in the API's formats:
 * {@code x-ratelimit-limit-requests} (the burst), {@code x-ratelimit-remaining-requests} (whole
 * requests left) and {@code x-ratelimit-reset-requests} (the time until the bucket is full, such
 * as {@code 12ms}, {@code 1.5s} or {@code 6m0s}). Thread-safe.
 */
final class RequestBudget {
  private static final long SECOND = 1_000_000_000L;

  /** What one request found: whether it may go, the budget after it, and the wait a refused one is told. */
  record Admission(boolean admitted, long limit, long remaining, long resetNanos, long retryAfterSeconds) {
    /** Sets the three budget headers on an answer. */
    void announce(Headers headers) {
      headers.set("x-ratelimit-limit-requests", Long.toString(limit));
      headers.set("x-ratelimit-remaining-requests", Long.toString(remaining));
      headers.set("x-ratelimit-reset-requests", duration(resetNanos));
    }
  }

  private final int perSecond;
  private final int burst;
  private final boolean announce;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;
  final AtomicInteger refused = new AtomicInteger();

  RequestBudget(int perSecond, int burst, boolean announce, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.announce = announce;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Whether answers carry the budget headers. */
  boolean announces() {
    return announce;
  }

  /** Takes one request from the budget, or counts a refusal. */
  synchronized Admission take() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - refilledAt) * (double) perSecond / SECOND);
    refilledAt = now;
    boolean admitted = tokens >= 1;
    if (admitted) {
      tokens -= 1;
    } else {
      refused.incrementAndGet();
    }
    long resetNanos = (long) Math.ceil((burst - tokens) * SECOND / perSecond);
    long retryAfter = Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    return new Admission(admitted, burst, (long) Math.floor(tokens), resetNanos, retryAfter);
  }

  /**
   * A duration as the API writes it (Go's format, to the millisecond): {@code 0s}, {@code 12ms},
   * {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3.5s}.
   */
  static String duration(long nanos) {
    long millis = (nanos + 500_000) / 1_000_000;
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder text = new StringBuilder();
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    text.append(millis / 1000 % 60);
    long fraction = millis % 1000;
    if (fraction > 0) {
      text.append('.').append(String.format("%03d", fraction).replaceFirst("0+$", ""));
    }
    return text.append('s').toString();
  }
}
