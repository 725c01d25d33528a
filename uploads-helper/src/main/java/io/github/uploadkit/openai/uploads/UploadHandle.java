package io.github.uploadkit.openai.uploads;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running upload, as returned by {@link Uploader#start(UploadRequest)}: watch it, wait for it,
 * or cancel it. Thread-safe.
 *
 * <p>How it fails: {@link #join()} throws, and {@link #completionFuture()} completes with, an
 * {@link UploadException} that says why ({@link UploadException#reason()}), at which Upload and
 * part, after how many attempts, and what is left on the server
 * ({@link UploadException#serverState()}); the API's error ({@link UploadException#apiError()}:
 * status, type, code, request id) or the {@code IOException} is its cause, and a file whose
 * content does not fit is a {@link ContentCheckException} with the report. A request refused
 * before anything was sent never gets a handle: {@code start} throws an
 * {@link UploadValidationException} instead.
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
   * Pauses the upload: stops sending parts (those in flight are cut off and sent again on
   * resume), leaves the Upload pending on the server, and returns what another process needs to
   * continue it with {@link Uploader#resume(ResumableUpload)}. Waits until nothing of the upload
   * runs; a pause before the Upload exists waits for its creation. The future then fails with an
   * {@link UploadException} whose reason is {@code PAUSED}. A journal the upload keeps stays, and
   * can be resumed as well. Check {@link ResumableUpload#expiresAt()}: the Upload expires one
   * hour after its creation.
   *
   * @throws IllegalStateException if the source is not a file (bytes in memory or a stream cannot
   *     be read by another process: cancel instead), or the upload completed first, or it is
   *     called from a listener on a thread of the uploader, which cannot wait (the pause goes on,
   *     and {@link UploadListener#onPaused} hears its result)
   * @throws UploadException if the upload failed or was cancelled first, or the pause did: the
   *     file could not be read for its fingerprint, and the Upload was then cancelled
   */
  ResumableUpload pause();

  /**
   * Waits for the upload and returns its result. An interrupt while waiting cancels the upload.
   *
   * @throws UploadException if it failed, was cancelled, or the wait was interrupted
   */
  UploadResult join();
}
