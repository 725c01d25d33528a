package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.io.IOException;
import java.time.Duration;
import retrofit2.Call;

/**
 * One request of an upload (create, a part, complete or cancel) across all its attempts. Each
 * attempt runs on a thread of the engine with a permit of the {@link Scheduler}; between
 * attempts the request holds no thread. After a failed attempt it decides, as the official SDKs
 * do, whether to try again: a rate-limit refusal waits with the whole engine and does not use up
 * retries (up to {@code maxThrottleWait} in all), other retryable errors back off and count
 * against {@code maxRetries}, anything else ends the upload.
 */
final class RetryingRequest<T> implements Runnable {
  /** What the request does. */
  enum Kind { CREATE, PART, COMPLETE, CANCEL }

  /** Makes the call of one attempt. */
  interface CallFactory<T> {
    Call<T> newCall() throws IOException;
  }

  /** Hears how the request ends. */
  interface Outcome<T> {
    void succeeded(T value) throws IOException;

    /** The request gave up; {@code failure} says why. */
    void failed(Failure failure);
  }

  /** Cancel requests are retried sooner than the rate limit asks, and at most this many times. */
  static final int CANCEL_ATTEMPTS = 4;
  private static final Duration MAX_CANCEL_DELAY = Duration.ofSeconds(2);

  private final Transfer owner;
  private final Kind kind;
  private final PartRange part;
  private final CallFactory<T> factory;
  private final Outcome<T> outcome;
  private final long bufferBytes;
  private int attempts;
  private int retries;
  private int throttles;
  private long throttledNanos;
  private long throttledSince;
  private boolean holdsBuffer;

  RetryingRequest(Transfer owner, Kind kind, PartRange part, long bufferBytes, CallFactory<T> factory,
      Outcome<T> outcome) {
    this.owner = owner;
    this.kind = kind;
    this.part = part;
    this.bufferBytes = bufferBytes;
    this.factory = factory;
    this.outcome = outcome;
  }

  Kind kind() {
    return kind;
  }

  PartRange part() {
    return part;
  }

  Integer partNumber() {
    return part == null ? null : part.number();
  }

  /** The buffer budget the next attempt takes: a stream part's size on its first attempt, else 0. */
  long bufferBytes() {
    if (attempts == 0 && bufferBytes > 0) {
      holdsBuffer = true;
      return bufferBytes;
    }
    return 0;
  }

  /** The executor would not run the attempt. */
  void refused(Throwable error) {
    owner.scheduler().finished(this, false);
    try {
      outcome.failed(new Failure(Reason.API_ERROR, partNumber(), attempts, "the executor refused a request: "
          + error, error));
    } finally {
      dropped();
      owner.attemptEnded(this, true);
    }
  }

  /** The request will not be tried again: its buffer budget is free. */
  void dropped() {
    if (holdsBuffer) {
      holdsBuffer = false;
      owner.scheduler().releaseBudget(bufferBytes);
    }
  }

  @Override
  public void run() {
    if (throttledSince != 0) {
      long waited = System.nanoTime() - throttledSince;
      throttledNanos += waited;
      owner.progress().waitedForRateLimit(waited);
      throttledSince = 0;
    }
    T value = null;
    Throwable error = null;
    boolean sent = false;
    try {
      if (kind == Kind.CANCEL || !owner.stopping()) {
        attempts++;
        sent = true;
        owner.beforeAttempt(this, attempts);
        value = owner.execute(factory.newCall(), kind, part == null ? 0 : part.length());
      }
    } catch (Throwable e) {
      error = e;
    }
    boolean succeeded = sent && error == null;
    owner.scheduler().finished(this, succeeded);
    boolean again = false;
    try {
      if (succeeded) {
        outcome.succeeded(value);
      } else if (sent) {
        again = afterFailure(error);
      }
    } catch (Throwable unexpected) {
      owner.fail(new Failure(Reason.API_ERROR, partNumber(), attempts, describe(unexpected), unexpected));
    } finally {
      if (!again) {
        dropped();
      }
      owner.attemptEnded(this, !again);
    }
  }

  /** Decides what follows a failed attempt; returns whether the request will be tried again. */
  private boolean afterFailure(Throwable error) {
    if (owner.stopping() && kind == Kind.PART) {
      return false; // the upload already failed; this part's error says nothing new
    }
    if (error instanceof MalformedResponseException || error instanceof Error
        || error instanceof RuntimeException && !(error instanceof OpenAiApiException)) {
      return fail(Reason.API_ERROR, describe(error), error);
    }
    if (error instanceof SourceException) {
      return fail(Reason.SOURCE_ERROR, error.getMessage(), error);
    }
    if (kind != Kind.CANCEL && owner.isExpired(error)) {
      return fail(Reason.EXPIRED, "the server no longer accepts it (" + error.getMessage() + ")", error);
    }
    if (!RetryRules.isRetryable(error)) {
      return fail(Reason.API_ERROR, error.getMessage(), error);
    }
    RetryRules rules = owner.retryRules();
    if (kind == Kind.CANCEL) {
      if (attempts >= CANCEL_ATTEMPTS) {
        return fail(Reason.RETRIES_EXHAUSTED, error.getMessage(), error);
      }
      Duration delay = rules.delay(attempts, error);
      return again(delay.compareTo(MAX_CANCEL_DELAY) > 0 ? MAX_CANCEL_DELAY : delay);
    }
    if (RetryRules.isThrottle(error)) {
      Duration wait = rules.delay(++throttles, error);
      Duration limit = rules.policy().maxThrottleWait();
      if (Duration.ofNanos(throttledNanos).plus(wait).compareTo(limit) > 0) {
        return fail(Reason.RETRIES_EXHAUSTED, "rate-limited for " + Duration.ofNanos(throttledNanos).toSeconds()
            + " s in all, and RetryPolicy.maxThrottleWait is " + limit + ": " + error.getMessage(), error);
      }
      owner.scheduler().throttled(wait);
      owner.progress().throttled();
      owner.listener().onThrottled(part, wait);
      throttledSince = System.nanoTime();
      owner.requeue(this);
      return true;
    }
    if (++retries > rules.policy().maxRetries()) {
      return fail(Reason.RETRIES_EXHAUSTED, error.getMessage(), error);
    }
    Duration delay = rules.delay(retries, error);
    owner.progress().retried();
    owner.listener().onRetryScheduled(part, attempts, delay, error);
    return again(delay);
  }

  /** A response the spec forbids says what was wrong; anything else is a failure nobody planned for. */
  private static String describe(Throwable error) {
    return error instanceof MalformedResponseException ? error.getMessage() : "unexpected error: " + error;
  }

  private boolean again(Duration delay) {
    owner.later(this, delay);
    return true;
  }

  private boolean fail(Reason reason, String detail, Throwable cause) {
    outcome.failed(new Failure(reason, partNumber(), attempts, detail, cause));
    return false;
  }
}
