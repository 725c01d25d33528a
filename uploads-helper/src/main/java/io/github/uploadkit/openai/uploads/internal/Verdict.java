package io.github.uploadkit.openai.uploads.internal;

import java.time.Duration;

/**
 * How one attempt of a {@link RetryingRequest} ended: the single report that the upload and the
 * {@link Scheduler} act on. {@code delay} is the wait before the next attempt (throttled, retry);
 * {@code error} the error that ended the attempt; {@code failure} why the request gave up;
 * {@code budget} the request budget the attempt's answer announced, success or error, or null
 * when it announced none (or no answer came).
 */
record Verdict(Kind kind, Duration delay, Throwable error, Failure failure, AnnouncedBudget budget) {
  /** What the attempt came to. */
  enum Kind {
    /** The server accepted the request; its answer is ready to deliver. */
    STORED,
    /** The rate limit refused it: every request of the engine waits {@code delay}, and this one goes again. */
    THROTTLED,
    /** A retryable error: this request goes again after {@code delay}. */
    RETRY_AFTER,
    /** The request will not be tried again: {@code failure} says why. */
    GAVE_UP,
    /** Nothing was sent, or the error says nothing new: the upload is stopping. */
    DROPPED
  }

  static Verdict stored() {
    return new Verdict(Kind.STORED, null, null, null, null);
  }

  static Verdict throttled(Duration wait, Throwable error) {
    return new Verdict(Kind.THROTTLED, wait, error, null, null);
  }

  static Verdict retryAfter(Duration delay, Throwable error) {
    return new Verdict(Kind.RETRY_AFTER, delay, error, null, null);
  }

  static Verdict gaveUp(Failure failure) {
    return new Verdict(Kind.GAVE_UP, null, failure.cause(), failure, null);
  }

  static Verdict dropped() {
    return new Verdict(Kind.DROPPED, null, null, null, null);
  }

  /** This verdict, with the budget the attempt's answer announced (null for none). */
  Verdict announcing(AnnouncedBudget announced) {
    return new Verdict(kind, delay, error, failure, announced);
  }

  /** Whether the request may go again (throttled, or a retry), rather than being over. */
  boolean again() {
    return kind == Kind.THROTTLED || kind == Kind.RETRY_AFTER;
  }
}
