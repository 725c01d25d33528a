package io.github.uploadkit.openai.uploads;

import java.time.Duration;

/**
 * The limits an upload is checked against, with the API's values as defaults. Override one for a
 * server with other limits, for example {@code UploadLimits.builder().maxParts(500).build()}.
 */
public final class UploadLimits {
  /** 8 GiB, the most an Upload accepts. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 8L * 1024 * 1024 * 1024;
  /** 64 MiB, the most one part may carry. */
  public static final long DEFAULT_MAX_PART_BYTES = 64L * 1024 * 1024;
  /** 8 MiB, the smallest part size chosen automatically (a smaller file gets one part). */
  public static final long DEFAULT_MIN_AUTO_PART_BYTES = 8L * 1024 * 1024;
  /** 10,000 parts: a part size that needs more is refused as absurd. */
  public static final int DEFAULT_MAX_PARTS = 10_000;
  /** 16 parts in flight at once at most. */
  public static final int DEFAULT_MAX_CONCURRENCY = 16;
  /** One hour, the shortest {@code expires_after}. */
  public static final Duration DEFAULT_MIN_EXPIRES_AFTER = Duration.ofSeconds(3600);
  /** 30 days, the longest {@code expires_after}. */
  public static final Duration DEFAULT_MAX_EXPIRES_AFTER = Duration.ofSeconds(2_592_000);

  private static final UploadLimits DEFAULTS = builder().build();

  private final long maxUploadBytes;
  private final long maxPartBytes;
  private final long minAutoPartBytes;
  private final int maxParts;
  private final int maxConcurrency;
  private final Duration minExpiresAfter;
  private final Duration maxExpiresAfter;

  private UploadLimits(Builder builder) {
    this.maxUploadBytes = builder.maxUploadBytes;
    this.maxPartBytes = builder.maxPartBytes;
    this.minAutoPartBytes = builder.minAutoPartBytes;
    this.maxParts = builder.maxParts;
    this.maxConcurrency = builder.maxConcurrency;
    this.minExpiresAfter = builder.minExpiresAfter;
    this.maxExpiresAfter = builder.maxExpiresAfter;
  }

  /** The API's limits. */
  public static UploadLimits defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the API's limits. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these limits. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.maxUploadBytes = maxUploadBytes;
    builder.maxPartBytes = maxPartBytes;
    builder.minAutoPartBytes = minAutoPartBytes;
    builder.maxParts = maxParts;
    builder.maxConcurrency = maxConcurrency;
    builder.minExpiresAfter = minExpiresAfter;
    builder.maxExpiresAfter = maxExpiresAfter;
    return builder;
  }

  /** The most bytes one Upload may hold. */
  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** The most bytes one part may carry. */
  public long maxPartBytes() {
    return maxPartBytes;
  }

  /** The smallest part size chosen automatically. */
  public long minAutoPartBytes() {
    return minAutoPartBytes;
  }

  /** The most parts one upload may be cut into. */
  public int maxParts() {
    return maxParts;
  }

  /** The most parts in flight at once. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** The shortest {@code expires_after} allowed. */
  public Duration minExpiresAfter() {
    return minExpiresAfter;
  }

  /** The longest {@code expires_after} allowed. */
  public Duration maxExpiresAfter() {
    return maxExpiresAfter;
  }

  @Override
  public String toString() {
    return "UploadLimits{maxUploadBytes=" + maxUploadBytes + ", maxPartBytes=" + maxPartBytes
        + ", minAutoPartBytes=" + minAutoPartBytes + ", maxParts=" + maxParts + ", maxConcurrency="
        + maxConcurrency + ", expiresAfter=" + minExpiresAfter.getSeconds() + ".."
        + maxExpiresAfter.getSeconds() + "s}";
  }

  /** Builds {@link UploadLimits}; each setter refuses a value that is not positive. */
  public static final class Builder {
    private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
    private long maxPartBytes = DEFAULT_MAX_PART_BYTES;
    private long minAutoPartBytes = DEFAULT_MIN_AUTO_PART_BYTES;
    private int maxParts = DEFAULT_MAX_PARTS;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private Duration minExpiresAfter = DEFAULT_MIN_EXPIRES_AFTER;
    private Duration maxExpiresAfter = DEFAULT_MAX_EXPIRES_AFTER;

    private Builder() {
    }

    /** Sets the most bytes one Upload may hold. */
    public Builder maxUploadBytes(long value) {
      this.maxUploadBytes = positive("maxUploadBytes", value);
      return this;
    }

    /** Sets the most bytes one part may carry. */
    public Builder maxPartBytes(long value) {
      this.maxPartBytes = positive("maxPartBytes", value);
      return this;
    }

    /** Sets the smallest part size chosen automatically. */
    public Builder minAutoPartBytes(long value) {
      this.minAutoPartBytes = positive("minAutoPartBytes", value);
      return this;
    }

    /** Sets the most parts one upload may be cut into. */
    public Builder maxParts(int value) {
      this.maxParts = (int) positive("maxParts", value);
      return this;
    }

    /** Sets the most parts in flight at once. */
    public Builder maxConcurrency(int value) {
      this.maxConcurrency = (int) positive("maxConcurrency", value);
      return this;
    }

    /** Sets the range {@code expires_after} must fall in. */
    public Builder expiresAfterRange(Duration min, Duration max) {
      if (min.isNegative() || min.compareTo(max) > 0) {
        throw new IllegalArgumentException("expiresAfterRange needs 0 <= min <= max, but was " + min + ".." + max);
      }
      this.minExpiresAfter = min;
      this.maxExpiresAfter = max;
      return this;
    }

    /**
     * Returns the limits.
     *
     * @throws IllegalStateException if the smallest automatic part size exceeds the largest part
     */
    public UploadLimits build() {
      if (minAutoPartBytes > maxPartBytes) {
        throw new IllegalStateException("minAutoPartBytes " + minAutoPartBytes
            + " must not exceed maxPartBytes " + maxPartBytes);
      }
      return new UploadLimits(this);
    }

    private static long positive(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
      }
      return value;
    }
  }
}
