package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Headers;
import retrofit2.Call;

/**
 * One request of an upload (create, a part, complete or cancel) across all its attempts. Each
 * attempt runs on a thread of the engine with a permit of the {@link Scheduler}; between
 * attempts the request holds no thread. An attempt ends in one {@link Verdict}, reported once to
 * its {@link Host}: as the official SDKs do, a rate-limit refusal is THROTTLED and does not use up
 * retries (up to {@code maxThrottleWait} in all), other retryable errors are RETRY_AFTER a backoff
 * and count against {@code maxRetries}, anything else GAVE_UP.
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

  /** What a request needs of the upload it belongs to. */
  interface Host {
    /** Whether the upload failed or was cancelled: only a cancel request still goes. */
    boolean stopping();

    /** Sends one attempt's call (checking the source first for a part) and returns the answer. */
    <T> T send(RetryingRequest<T> request, Call<T> call) throws IOException;

    /** Whether an error means the Upload expired. */
    boolean isExpired(Throwable error);

    RetryRules retryRules();

    EngineClock clock();

    /** An attempt starts; with {@link #attemptEnded} the only accounting of work under way. */
    void attemptStarted();

    /** The attempt ended as {@code verdict}: the one report of an attempt. */
    void attemptEnded(RetryingRequest<?> request, Verdict verdict);

    /** The request waited {@code nanos} for the rate limit before this attempt. */
    void waitedForRateLimit(long nanos);

    /** The bytes of the upload not yet stored: the scheduler serves the upload nearest to done first. */
    long bytesLeft();
  }

  /** Cancel requests are retried sooner than the rate limit asks, and at most this many times. */
  static final int CANCEL_ATTEMPTS = 4;
  private static final Duration MAX_CANCEL_DELAY = Duration.ofSeconds(2);

  private final Host host;
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
  /** Whether this request holds its buffer budget; guarded by the scheduler. */
  private boolean holdsBuffer;
  /** The pacing's ticket of the attempt the scheduler started last; guarded by the scheduler. */
  private long paceTicket;
  /** Whether the attempt under way holds one of the scheduler's control permits; guarded by the scheduler. */
  private boolean controlPermit;
  private T answer;
  /** The request budget the current attempt's answer announced, or null. */
  private volatile AnnouncedBudget announced;

  RetryingRequest(Host host, Kind kind, PartRange part, long bufferBytes, CallFactory<T> factory, Outcome<T> outcome) {
    this.host = host;
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

  int attempts() {
    return attempts;
  }

  /** The bytes its upload has left to store. */
  long bytesLeft() {
    return host.bytesLeft();
  }

  /** The buffer budget the next attempt takes: a stream part's size on its first attempt, else 0. Guarded by the scheduler. */
  long takeBuffer() {
    if (attempts == 0 && bufferBytes > 0 && !holdsBuffer) {
      holdsBuffer = true;
      return bufferBytes;
    }
    return 0;
  }

  /** Gives back the buffer budget this request holds, once it will not be tried again. Guarded by the scheduler. */
  long releaseBuffer() {
    if (holdsBuffer) {
      holdsBuffer = false;
      return bufferBytes;
    }
    return 0;
  }

  /** Keeps the pacing's ticket of the attempt being started. Guarded by the scheduler. */
  void paceTicket(long ticket) {
    paceTicket = ticket;
  }

  /** The pacing's ticket of the attempt that started last. Guarded by the scheduler. */
  long paceTicket() {
    return paceTicket;
  }

  /** Records which kind of permit the attempt being started holds. Guarded by the scheduler. */
  void controlPermit(boolean control) {
    controlPermit = control;
  }

  /** Whether the attempt under way holds a control permit rather than a part permit. Guarded by the scheduler. */
  boolean controlPermit() {
    return controlPermit;
  }

  /** The headers of the current attempt's answer, success or error: what budget they announce, if any. */
  void heard(Headers headers) {
    announced = AnnouncedBudget.from(headers::get).orElse(null);
  }

  @Override
  public void run() {
    attempt(null);
  }

  /** The executor would not run the attempt: the request gives up. */
  void refused(Throwable error) {
    attempt(error);
  }

  private void attempt(Throwable refusal) {
    host.attemptStarted();
    announced = null;
    Verdict verdict;
    try {
      verdict = refusal == null ? tryOnce()
          : Verdict.gaveUp(new Failure(Reason.LOCAL_ERROR, partNumber(), attempts, "the executor refused a request: "
              + refusal, refusal));
    } catch (Throwable unexpected) {
      verdict = Verdict.gaveUp(Failure.unexpected(partNumber(), attempts, unexpected));
    }
    host.attemptEnded(this, verdict.announcing(announced));
  }

  private Verdict tryOnce() {
    if (throttledSince != 0) {
      long waited = host.clock().nanoTime() - throttledSince;
      throttledNanos += waited;
      host.waitedForRateLimit(waited);
      throttledSince = 0;
    }
    if (kind != Kind.CANCEL && host.stopping()) {
      return Verdict.dropped();
    }
    attempts++;
    try {
      answer = host.send(this, factory.newCall());
      return Verdict.stored();
    } catch (Throwable e) {
      return afterFailure(e);
    }
  }

  /** Hands a stored attempt's answer to the outcome. */
  void deliver() throws IOException {
    T value = answer;
    answer = null;
    outcome.succeeded(value);
  }

  /** Tells the outcome that the request gave up. */
  void giveUp(Failure failure) {
    outcome.failed(failure);
  }

  /** Decides what follows a failed attempt. */
  private Verdict afterFailure(Throwable error) {
    if (host.stopping() && kind == Kind.PART) {
      return Verdict.dropped(); // the upload already failed; this part's error says nothing new
    }
    if (error instanceof MalformedResponseException || error instanceof Error
        || error instanceof RuntimeException && !(error instanceof OpenAiApiException)) {
      return Verdict.gaveUp(Failure.unexpected(partNumber(), attempts, error));
    }
    if (error instanceof SourceException) {
      return gaveUp(Reason.SOURCE_ERROR, error.getMessage(), error);
    }
    if (kind != Kind.CANCEL && host.isExpired(error)) {
      return gaveUp(Reason.EXPIRED, "the server no longer accepts it (" + error.getMessage() + ")", error);
    }
    if (!RetryRules.isRetryable(error)) {
      return gaveUp(Reason.API_ERROR, error.getMessage(), error);
    }
    RetryRules rules = host.retryRules();
    if (kind == Kind.CANCEL) {
      if (attempts >= CANCEL_ATTEMPTS) {
        return gaveUp(Reason.RETRIES_EXHAUSTED, error.getMessage(), error);
      }
      Duration delay = rules.delay(attempts, error);
      return Verdict.retryAfter(delay.compareTo(MAX_CANCEL_DELAY) > 0 ? MAX_CANCEL_DELAY : delay, error);
    }
    if (RetryRules.isThrottle(error)) {
      Duration wait = rules.delay(++throttles, error);
      Duration limit = rules.policy().maxThrottleWait();
      if (Duration.ofNanos(throttledNanos).plus(wait).compareTo(limit) > 0) {
        return gaveUp(Reason.RETRIES_EXHAUSTED, "rate-limited for " + Duration.ofNanos(throttledNanos).toSeconds()
            + " s in all, and RetryPolicy.maxThrottleWait is " + limit + ": " + error.getMessage(), error);
      }
      throttledSince = host.clock().nanoTime();
      return Verdict.throttled(wait, error);
    }
    if (++retries > rules.policy().maxRetries()) {
      return gaveUp(Reason.RETRIES_EXHAUSTED, error.getMessage(), error);
    }
    return Verdict.retryAfter(rules.delay(retries, error), error);
  }

  private Verdict gaveUp(Reason reason, String detail, Throwable cause) {
    return Verdict.gaveUp(new Failure(reason, partNumber(), attempts, detail, cause));
  }
}
