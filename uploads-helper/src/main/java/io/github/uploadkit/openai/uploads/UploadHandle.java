package io.github.uploadkit.openai.uploads;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running upload, as returned by {@link Uploader#start(UploadRequest)}: watch it, wait for it,
 * or cancel it. Thread-safe.
 */
public interface UploadHandle {
  /** The Upload's id, once the server has created it. */
  Optional<String> uploadId();

  /** A snapshot of the progress so far. */
  UploadProgress progress();

  /**
   * Completes with the result, or exceptionally with an {@link UploadException}. Always the same
   * future; cancelling it cancels the upload, as {@link #cancel()} does (the Upload is cancelled on
   * the server too).
   */
  CompletableFuture<UploadResult> completionFuture();

  /**
   * Stops sending parts, cancels the Upload on the server, and makes the future fail with an
   * {@link UploadException} whose reason is {@code CANCELLED}. Does nothing once the upload has
   * finished.
   */
  void cancel();

  /**
   * Waits for the upload and returns its result. An interrupt while waiting cancels the upload.
   *
   * @throws UploadException if it failed, was cancelled, or the wait was interrupted
   */
  UploadResult join();
}
