package io.github.uploadkit.openai.uploads;

import java.time.Duration;

/**
 * How a failed request is retried: how many times, and how long to wait. The server's
 * {@code retry-after-ms} or {@code Retry-After} is honoured when it is at most
 * {@link #maxServerDelay()}; otherwise the wait is exponential backoff from
 * {@link #initialBackoff()} doubling to at most {@link #maxBackoff()}, less up to
 * {@link #jitter()} of it at random. The defaults follow the official SDKs, with more retries,
 * since a large upload has many requests.
 *
 * <p>A request refused for the rate limit (429, or 503 with a wait) does not use up retries: it
 * waits with every other request of the uploader and gives up only when it has waited
 * {@link #maxThrottleWait()} in all.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxRetries(0).build();

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration maxServerDelay;
  private final Duration maxThrottleWait;
  private final Duration requestTimeout;
  private final long minBytesPerSecond;

  private RetryPolicy(Builder builder) {
    this.maxRetries = builder.maxRetries;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.jitter = builder.jitter;
    this.maxServerDelay = builder.maxServerDelay;
    this.maxThrottleWait = builder.maxThrottleWait;
    this.requestTimeout = builder.requestTimeout;
    this.minBytesPerSecond = builder.minBytesPerSecond;
  }

  /**
   * 5 retries, backoff 0.5 s to 8 s with 25% jitter, server delays up to 60 s honoured, and up to
   * 15 minutes of waiting for the rate limit per request.
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this policy. */
  public Builder toBuilder() {
    return new Builder().maxRetries(maxRetries).backoff(initialBackoff, maxBackoff).jitter(jitter)
        .maxServerDelay(maxServerDelay).maxThrottleWait(maxThrottleWait)
        .requestTimeout(requestTimeout, minBytesPerSecond);
  }

  /** Retries after the first attempt; a request is tried at most {@code maxRetries + 1} times. */
  public int maxRetries() {
    return maxRetries;
  }

  /** The wait before the first retry when the server asks for none. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The longest backoff between retries. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The fraction of the backoff, 0 to 1, that may be taken off at random. */
  public double jitter() {
    return jitter;
  }

  /** The longest server-requested wait that is honoured; a longer one falls back to backoff. */
  public Duration maxServerDelay() {
    return maxServerDelay;
  }

  /**
   * The longest a request may wait in all for the rate limit (429s) before it fails; well inside
   * the hour an Upload lives.
   */
  public Duration maxThrottleWait() {
    return maxThrottleWait;
  }

  /** The time any one attempt may take in all, before the time its body's bytes add. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The slowest a part's bytes may go: each attempt gets {@code requestTimeout + length / this}. */
  public long minBytesPerSecond() {
    return minBytesPerSecond;
  }

  /**
   * The deadline of one attempt that sends {@code bodyBytes}: after it the attempt counts as a
   * timeout and is retried, however slowly the server keeps answering.
   */
  public Duration deadline(long bodyBytes) {
    return requestTimeout.plusSeconds(bodyBytes / minBytesPerSecond);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff
        + ", jitter=" + jitter + ", maxServerDelay=" + maxServerDelay + ", maxThrottleWait=" + maxThrottleWait + ", requestTimeout=" + requestTimeout + "+1s/" + minBytesPerSecond + "B}";
  }

  /** Builds a {@link RetryPolicy}; setters refuse negative values. */
  public static final class Builder {
    private int maxRetries = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private double jitter = 0.25;
    private Duration maxServerDelay = Duration.ofSeconds(60);
    private Duration maxThrottleWait = Duration.ofMinutes(15);
    private Duration requestTimeout = Duration.ofMinutes(2);
    private long minBytesPerSecond = 32 * 1024;

    private Builder() {
    }

    /** Sets the retries after the first attempt, 0 to 100. */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 100) {
        throw new IllegalArgumentException("maxRetries must be 0 to 100, but was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** Sets the first backoff and the longest one. */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff needs 0 <= initial <= max, but was " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Sets the share of the backoff, 0 to 1, taken off at random. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be 0 to 1, but was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Sets the longest server-requested wait that is honoured. */
    public Builder maxServerDelay(Duration maxServerDelay) {
      if (maxServerDelay.isNegative()) {
        throw new IllegalArgumentException("maxServerDelay must not be negative, but was " + maxServerDelay);
      }
      this.maxServerDelay = maxServerDelay;
      return this;
    }

    /** Sets the longest a request may wait in all for the rate limit before it fails. */
    public Builder maxThrottleWait(Duration maxThrottleWait) {
      if (maxThrottleWait.isNegative()) {
        throw new IllegalArgumentException("maxThrottleWait must not be negative, but was " + maxThrottleWait);
      }
      this.maxThrottleWait = maxThrottleWait;
      return this;
    }

    /**
     * Sets how long one attempt may take in all: {@code base}, plus a second for every
     * {@code minBytesPerSecond} bytes it sends (2 minutes and 32 KiB/s by default, so a 64 MiB part
     * gets about 36 minutes). A server that stops answering costs one timeout and a retry, not a
     * wait without end; one that trickles its answer is stopped sooner, by the client's minimum
     * rate for a response body (1 KiB/s after its first 10 s).
     */
    public Builder requestTimeout(Duration base, long minBytesPerSecond) {
      if (base.isNegative() || base.isZero() || minBytesPerSecond < 1) {
        throw new IllegalArgumentException("requestTimeout needs a positive base and minBytesPerSecond, but was "
            + base + ", " + minBytesPerSecond);
      }
      this.requestTimeout = base;
      this.minBytesPerSecond = minBytesPerSecond;
      return this;
    }

    /** Returns the policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
