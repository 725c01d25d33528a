package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.model.Upload;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears what a running upload does. Every method does nothing by default; override those you
 * need. Methods are called from the uploader's threads, possibly at once from several, never
 * while the uploader holds a lock, so they must be thread-safe and quick. Byte counts are
 * coalesced: {@link #onBytesTransferred} comes a few times a second per upload and once at the
 * end of each part attempt. An exception thrown by a listener is logged and ignored: it
 * never breaks the upload.
 */
public interface UploadListener {
  /** The Upload was created on the server. */
  default void onCreated(Upload upload) {
  }

  /** An attempt to send a part started; {@code attempt} counts from 1. */
  default void onPartStarted(PartRange part, int attempt) {
  }

  /** The server stored a part. */
  default void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
  }

  /**
   * Bytes went onto the wire ({@code delta > 0}) or a failed attempt's bytes were taken back
   * before its retry ({@code delta < 0}).
   */
  default void onBytesTransferred(long delta, UploadProgress progress) {
  }

  /**
   * A request failed and will be tried again after {@code delay}. {@code part} is null when the
   * request was not a part (creating or completing the Upload).
   */
  default void onRetryScheduled(@Nullable PartRange part, int attempt, Duration delay, Throwable cause) {
  }

  /**
   * A request was refused for the rate limit and waits, with every request of the uploader, at
   * least {@code wait} before it is sent again; this is not a retry. {@code part} is null when the
   * request was not a part.
   */
  default void onThrottled(@Nullable PartRange part, Duration wait) {
  }

  /** The Upload was completed; every part's {@link #onPartCompleted} came before. */
  default void onCompleted(UploadResult result) {
  }

  /** The upload failed; the Upload was cancelled on the server where possible. */
  default void onFailed(UploadException error) {
  }

  /** The upload was cancelled by {@link UploadHandle#cancel()} or an interrupt. */
  default void onCancelled(UploadException error) {
  }

  /** The upload was paused; {@code paused} resumes it, before {@link ResumableUpload#expiresAt()}. */
  default void onPaused(ResumableUpload paused) {
  }
}
