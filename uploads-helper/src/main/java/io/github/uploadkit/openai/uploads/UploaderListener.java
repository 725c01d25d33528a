package io.github.uploadkit.openai.uploads;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears an {@link Uploader} as a whole, for a service's metrics and dashboards: every upload's
 * start and end, and every refusal for the rate limit. Set it with
 * {@link Uploader.Builder#listener(UploaderListener)}; {@link Uploader#stats()} gives the counts and
 * the engine's state at any moment. Every method does nothing by default. Methods are called
 * from the uploader's threads (or the one that starts an upload), possibly at once from several,
 * never while the uploader holds a lock, so they must be thread-safe and quick. An exception
 * thrown by a listener is logged and ignored: it never breaks an upload.
 */
public interface UploaderListener {
  /** How an upload ended. */
  enum Outcome {
    /** The Upload was completed and its File made. */
    COMPLETED,
    /** It failed; the Upload was cancelled on the server where possible. */
    FAILED,
    /** It was cancelled: {@link UploadHandle#cancel()}, an interrupt, or a close. */
    CANCELLED,
    /** It was paused, its Upload left pending: {@link UploadHandle#pause()} or a drain that pauses. */
    PAUSED
  }

  /** An upload was started or resumed; {@code upload} is its handle. */
  default void onUploadStarted(UploadHandle upload) {
  }

  /**
   * An upload ended: {@code error} says why unless it completed (then it is null), and
   * {@link UploadHandle#progress()} has the bytes and the time it took. Its
   * {@link UploadHandle#completionFuture()} completes just after this returns, and
   * {@link Uploader#stats()} counts it already.
   */
  default void onUploadEnded(UploadHandle upload, Outcome outcome, @Nullable UploadException error) {
  }

  /**
   * A request was refused for the rate limit (429): every request of the uploader waits at least
   * {@code wait}, and at most {@code limit} requests are in flight at once for a while.
   */
  default void onThrottled(Duration wait, int limit) {
  }
}
