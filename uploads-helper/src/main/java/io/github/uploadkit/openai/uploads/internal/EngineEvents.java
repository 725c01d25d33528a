package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploaderListener;
import io.github.uploadkit.openai.uploads.UploaderListener.Outcome;
import io.github.uploadkit.openai.uploads.UploaderStats;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an engine tells about itself as a whole: the counts behind {@code Uploader.stats()}, the
 * engine-wide {@link UploaderListener} (whose exceptions are logged and ignored), and the log
 * lines an operator needs (throttled, retrying, paused, cancelled, failed, drained) through
 * {@link System.Logger}. A line names the Upload and part, the wait and the error's message,
 * never the key or a request body. Thread-safe; nothing here is called under a lock.
 */
final class EngineEvents {
  private static final System.Logger LOG = System.getLogger("io.github.uploadkit.openai.uploads");

  private final UploaderListener listener;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong paused = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong throttledNanos = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final LongAdder bytesSent = new LongAdder();
  /** The rate limit last reported, so that only a lowered limit is logged above DEBUG. */
  private final AtomicInteger lastLimit = new AtomicInteger(Integer.MAX_VALUE);

  EngineEvents(UploaderListener listener) {
    this.listener = listener;
  }

  void started(UploadHandle upload) {
    started.incrementAndGet();
    call("onUploadStarted", () -> listener.onUploadStarted(upload));
  }

  /** An upload ended: {@code error} is null when it completed. */
  void ended(UploadHandle upload, String who, UploadException error) {
    Outcome outcome = error == null ? Outcome.COMPLETED
        : error.reason() == Reason.PAUSED ? Outcome.PAUSED
        : error.reason() == Reason.CANCELLED || error.reason() == Reason.INTERRUPTED ? Outcome.CANCELLED
        : Outcome.FAILED;
    switch (outcome) {
      case COMPLETED -> completed.incrementAndGet();
      case FAILED -> {
        failed.incrementAndGet();
        LOG.log(Level.WARNING, () -> who + " failed: " + error.getMessage());
      }
      case CANCELLED -> {
        cancelled.incrementAndGet();
        LOG.log(Level.INFO, () -> who + " cancelled: " + error.getMessage());
      }
      case PAUSED -> {
        paused.incrementAndGet();
        LOG.log(Level.INFO, () -> who + " paused: " + error.getMessage());
      }
    }
    call("onUploadEnded", () -> listener.onUploadEnded(upload, outcome, error));
  }

  /** A request was refused for the rate limit; {@code state} is the limit after it. */
  void throttled(String who, Duration wait, RateLimit.State state) {
    throttled.incrementAndGet();
    int before = lastLimit.getAndSet(state.limit());
    Level level = state.limit() < before ? Level.INFO : Level.DEBUG;
    LOG.log(level, () -> who + " was refused for the rate limit (429): every request waits " + wait.toMillis()
        + " ms, and at most " + state.limit() + " of " + state.max() + " go at once for a while");
    call("onThrottled", () -> listener.onThrottled(wait, state.limit()));
  }

  void retrying(String who, int attempt, Duration delay, Throwable cause) {
    retries.incrementAndGet();
    LOG.log(Level.INFO, () -> who + " attempt " + attempt + " failed, retrying in " + delay.toMillis() + " ms: "
        + cause);
  }

  void waitedForRateLimit(long nanos) {
    throttledNanos.addAndGet(nanos);
  }

  void bytes(long delta) {
    bytesSent.add(delta);
  }

  void drained(int running, int completedInTime, int cancelledAtDeadline, int pausedAtDeadline, Duration took) {
    LOG.log(Level.INFO, () -> "drained in " + took.toMillis() + " ms: of " + running + " uploads running, "
        + completedInTime + " ended in time, " + cancelledAtDeadline + " were cancelled and " + pausedAtDeadline
        + " paused at the deadline");
  }

  /** The counts with the engine's state of the moment: the rate limit, and the announced budget and its pacing. */
  UploaderStats stats(int running, int requestsInFlight, int partsWaiting, RateLimit.State rateLimit,
      RequestPacing.Snapshot pacing) {
    return new UploaderStats(running, started.get(), completed.get(), failed.get(), cancelled.get(), paused.get(),
        requestsInFlight, partsWaiting, rateLimit.max(), rateLimit.limit(), Duration.ofNanos(rateLimit.pausedNanos()),
        pacing.announced().map(AnnouncedBudget::limit).orElse(-1L), pacing.left(), pacing.delay(),
        throttled.get(), Duration.ofNanos(throttledNanos.get()), retries.get(), bytesSent.sum());
  }

  private static void call(String event, Runnable callback) {
    SafeListener.contain("uploader listener", event, callback);
  }
}
