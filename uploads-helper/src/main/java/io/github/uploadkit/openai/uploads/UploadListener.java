package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.model.Upload;
import java.time.Duration;

/**
 * Hears what a running upload does. Every method does nothing by default; override those you
 * need. Methods are called from the upload's threads, possibly at once from several, so they
 * must be thread-safe and quick. An exception thrown by a listener is logged and ignored: it
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
  default void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
  }

  /** The Upload was completed. */
  default void onCompleted(UploadResult result) {
  }

  /** The upload failed; the Upload was cancelled on the server where possible. */
  default void onFailed(UploadException error) {
  }

  /** The upload was cancelled by {@link UploadHandle#cancel()} or an interrupt. */
  default void onCancelled(UploadException error) {
  }
}
