package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.io.IOException;

/**
 * Ends an upload one way or the other, once: completes the Upload and verifies the File, or
 * cancels the Upload on the server after a failure; decides the journal's fate (removed when the
 * Upload completed or was cancelled, kept to resume from otherwise); tells the listener and
 * settles the handle.
 */
final class Finisher {
  private final Transfer owner;
  private final ValidatedUpload upload;

  Finisher(Transfer owner, ValidatedUpload upload) {
    this.owner = owner;
    this.upload = upload;
  }

  /** Sends the completion with the parts in order and {@code md5} (null when off). */
  void complete(String md5) {
    CompleteUploadRequest request = CompleteUploadRequest.builder()
        .partIds(owner.parts.partIds())
        .md5(md5)
        .build();
    owner.submitControl(new RetryingRequest<>(owner, RetryingRequest.Kind.COMPLETE, null, 0,
        () -> owner.client().uploads().completeUpload(owner.uploadIdOrNull(), request),
        new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(Upload completed) throws IOException {
            verify(completed, md5);
          }

          @Override
          public void failed(Failure failure) {
            owner.fail(failure);
          }
        }));
  }

  private void verify(Upload completed, String md5) throws IOException {
    owner.requireField(completed.id(), "id of the completed Upload");
    if (completed.status() != Upload.StatusEnum.COMPLETED || completed.file() == null) {
      owner.fail(new Failure(Reason.VERIFICATION_FAILED, null, 1, "completion returned status "
          + completed.status() + (completed.file() == null ? " and no File" : ""), null));
      return;
    }
    if (completed.file().bytes() == null || completed.file().bytes() != upload.size()) {
      owner.fail(new Failure(Reason.VERIFICATION_FAILED, null, 1, "the File has "
          + completed.file().bytes() + " bytes but " + upload.size() + " were sent", null));
      return;
    }
    UploadJournal journal = owner.journal();
    if (journal != null) {
      journal.delete();
    }
    ProgressTracker progress = owner.progress();
    UploadResult result = new UploadResult(completed, completed.file(), md5, owner.parts.partIds(),
        progress.retries(), progress.elapsed());
    owner.listener().onCompleted(result);
    owner.handle().succeed(result);
  }

  /** After a failure, once nothing of the upload runs: cancels the Upload on the server if it exists, then ends. */
  void abandon(Failure cause) {
    if (owner.uploadIdOrNull() == null) {
      end(cause, false);
      return;
    }
    owner.submitControl(new RetryingRequest<>(owner, RetryingRequest.Kind.CANCEL, null, 0,
        () -> owner.client().uploads().cancelUpload(owner.uploadIdOrNull()), new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(Upload cancelled) {
            end(cause, cancelled.status() == Upload.StatusEnum.CANCELLED);
          }

          @Override
          public void failed(Failure failure) {
            end(cause, false);
          }
        }));
  }

  private void end(Failure cause, boolean cancelled) {
    String detail = cause.detail();
    UploadJournal journal = owner.journal();
    if (journal != null) {
      if (cancelled) {
        journal.delete();
      } else {
        detail = (detail == null ? "" : detail + "; ") + "resume it with the journal at " + journal.file();
      }
    }
    UploadException error = new UploadException(cause.reason(), owner.uploadIdOrNull(), cause.part(),
        cause.attempts(), cancelled, detail, cause.cause());
    if (cause.reason() == Reason.CANCELLED || cause.reason() == Reason.INTERRUPTED) {
      owner.listener().onCancelled(error);
    } else {
      owner.listener().onFailed(error);
    }
    owner.handle().fail(error);
  }
}
