package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.ResumableUpload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadProgress;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller's view of a {@link Transfer}: one completion future (cancelling it cancels the
 * upload), a progress snapshot, cancel, and join. {@link #ended()} completes only once the
 * upload is over on the server too, which is what {@link #join()} and the engine's close wait for.
 */
final class TransferHandle implements UploadHandle {
  private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(30);

  private final Transfer transfer;
  private final Engine engine;
  private final CompletableFuture<UploadResult> ended = new CompletableFuture<>();
  /** What resumes the upload, once it ended paused; set before {@link #ended} completes. */
  private volatile ResumableUpload paused;
  private final CompletableFuture<UploadResult> future = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      TransferHandle.this.cancel();
      return super.cancel(mayInterruptIfRunning);
    }
  };

  TransferHandle(Transfer transfer, Engine engine) {
    this.transfer = transfer;
    this.engine = engine;
  }

  /**
   * Ends the upload with {@code result}. Here and in {@link #fail}, the engine forgets the upload
   * before the caller hears of its end: a close that follows at once finds nothing to cancel, and
   * runningUploads() no longer counts it.
   */
  void succeed(UploadResult result) {
    transfer.ended();
    engine.ended(transfer, null);
    ended.complete(result);
    future.complete(result);
  }

  void fail(UploadException error) {
    transfer.ended();
    engine.ended(transfer, error);
    ended.completeExceptionally(error);
    future.completeExceptionally(error);
  }

  /** Ends the upload paused: {@code error} (reason PAUSED) for the future, {@code paused} for {@link #pause()}. */
  void paused(UploadException error, ResumableUpload paused) {
    this.paused = paused;
    fail(error);
  }

  /** What resumes the upload if it ended paused, else null. */
  ResumableUpload pausedAs() {
    return paused;
  }

  /** Completes when the upload is over, on the server too. */
  CompletableFuture<UploadResult> ended() {
    return ended;
  }

  @Override
  public Optional<String> uploadId() {
    return Optional.ofNullable(transfer.uploadId());
  }

  @Override
  public UploadProgress progress() {
    return transfer.progress().snapshot();
  }

  @Override
  public CompletableFuture<UploadResult> completionFuture() {
    return future;
  }

  @Override
  public void cancel() {
    if (!ended.isDone()) {
      transfer.fail(Failure.of(Reason.CANCELLED, "cancel() was called", null));
    }
  }

  @Override
  public ResumableUpload pause() {
    if (!transfer.pausable()) {
      throw new IllegalStateException("only an upload of a file can be paused: bytes in memory or a stream cannot be"
          + " read again by another process; cancel() it instead");
    }
    transfer.pause();
    if (engine.ownsCurrentThread()) {
      throw new IllegalStateException("pause() was called on a thread of the uploader (from a listener), where it"
          + " cannot wait: the upload is being paused, and UploadListener.onPaused will have what resumes it");
    }
    UploadResult completed;
    try {
      completed = ended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UploadException(Reason.INTERRUPTED, transfer.uploadId(), null, 0, false,
          "the thread waiting for the pause was interrupted; the pause goes on", e);
    } catch (ExecutionException e) {
      if (paused != null) {
        return paused;
      }
      throw unwrap(e);
    }
    throw new IllegalStateException("the upload completed before it could be paused: File "
        + completed.fileId() + " holds it");
  }

  @Override
  public UploadResult join() {
    try {
      return ended.get();
    } catch (InterruptedException e) {
      transfer.fail(Failure.of(Reason.INTERRUPTED, "the waiting thread was interrupted", e));
      try {
        return ended.get(JOIN_AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | InterruptedException | TimeoutException again) {
        throw unwrap(again);
      } finally {
        Thread.currentThread().interrupt();
      }
    } catch (ExecutionException | CancellationException e) {
      throw unwrap(e);
    }
  }

  private RuntimeException unwrap(Exception e) {
    if (e instanceof ExecutionException && e.getCause() instanceof UploadException upload) {
      return upload;
    }
    return new UploadException(Reason.INTERRUPTED, transfer.uploadId(), null, 0, false, "gave up waiting: " + e, e);
  }
}
