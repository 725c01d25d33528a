package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.ResumableUpload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadProgress;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.time.Duration;

/** Calls a listener and contains what it throws: logged, never allowed to break the upload. */
final class SafeListener implements UploadListener {
  private static final System.Logger LOG = System.getLogger(SafeListener.class.getName());

  private final UploadListener delegate;

  SafeListener(UploadListener delegate) {
    this.delegate = delegate;
  }

  private void call(String event, Runnable callback) {
    contain("upload listener", event, callback);
  }

  /** Runs a listener's {@code callback}: what it throws is logged as {@code kind}'s and ignored, but for a VM error. */
  static void contain(String kind, String event, Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, kind + " threw from " + event + "; ignored: " + e);
    }
  }

  @Override
  public void onCreated(Upload upload) {
    call("onCreated", () -> delegate.onCreated(upload));
  }

  @Override
  public void onPartStarted(PartRange part, int attempt) {
    call("onPartStarted", () -> delegate.onPartStarted(part, attempt));
  }

  @Override
  public void onPartCompleted(PartRange part, String partId, UploadProgress progress) {
    call("onPartCompleted", () -> delegate.onPartCompleted(part, partId, progress));
  }

  @Override
  public void onBytesTransferred(long delta, UploadProgress progress) {
    call("onBytesTransferred", () -> delegate.onBytesTransferred(delta, progress));
  }

  @Override
  public void onRetryScheduled(PartRange part, int attempt, Duration delay, Throwable cause) {
    call("onRetryScheduled", () -> delegate.onRetryScheduled(part, attempt, delay, cause));
  }

  @Override
  public void onThrottled(PartRange part, Duration wait) {
    call("onThrottled", () -> delegate.onThrottled(part, wait));
  }

  @Override
  public void onCompleted(UploadResult result) {
    call("onCompleted", () -> delegate.onCompleted(result));
  }

  @Override
  public void onFailed(UploadException error) {
    call("onFailed", () -> delegate.onFailed(error));
  }

  @Override
  public void onCancelled(UploadException error) {
    call("onCancelled", () -> delegate.onCancelled(error));
  }

  @Override
  public void onPaused(ResumableUpload paused) {
    call("onPaused", () -> delegate.onPaused(paused));
  }
}
