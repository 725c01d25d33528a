package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.DrainResult;
import io.github.uploadkit.openai.uploads.ResumableUpload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Counts how the uploads a drain found running ended: completed, failed, cancelled, or paused (with what resumes them). */
final class DrainTally {
  private DrainTally() {
  }

  /** The outcome of each of {@code transfers}; one not yet over (the drain's wait was interrupted) counts as cancelled. */
  static DrainResult of(List<Transfer> transfers) {
    int completed = 0;
    int failed = 0;
    int cancelled = 0;
    List<ResumableUpload> paused = new ArrayList<>();
    for (Transfer transfer : transfers) {
      CompletableFuture<UploadResult> ended = transfer.handle().ended();
      ResumableUpload token = transfer.handle().pausedAs();
      if (!ended.isDone()) {
        cancelled++;
      } else if (!ended.isCompletedExceptionally()) {
        completed++;
      } else if (token != null) {
        paused.add(token);
      } else if (isCancel(ended)) {
        cancelled++;
      } else {
        failed++;
      }
    }
    return new DrainResult(completed, failed, cancelled, paused);
  }

  private static boolean isCancel(CompletableFuture<UploadResult> ended) {
    try {
      ended.join();
      return false;
    } catch (CompletionException e) {
      return e.getCause() instanceof UploadException error
          && (error.reason() == Reason.CANCELLED || error.reason() == Reason.INTERRUPTED);
    }
  }
}
