package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.api.FilesApi;
import io.github.uploadkit.openai.client.model.CompleteUploadRequest;
import io.github.uploadkit.openai.client.model.ListFilesResponse;
import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.ContentCheckException;
import io.github.uploadkit.openai.uploads.ResumableUpload;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;
import io.github.uploadkit.openai.uploads.UploadException.ServerState;
import io.github.uploadkit.openai.uploads.UploadResult;
import java.io.IOException;
import java.util.List;

/**
 * Ends an upload one way or the other, once: completes the Upload and verifies the File, or
 * cancels the Upload on the server after a failure (when that cancel is refused after a
 * completion was sent, it looks for the File the completion made: then the upload succeeded), or
 * after a pause leaves the Upload pending and hands over what resumes it;
 * decides the journal's fate (removed when the Upload completed or was cancelled, kept to resume
 * from otherwise); tells the listener and settles the handle.
 */
final class Finisher {
  /** What the finisher needs of its upload. */
  interface Host {
    /** Where the finisher's requests report their attempts. */
    RetryingRequest.Host requests();

    OpenAiClient client();

    /** The Upload's id, once created; null before. */
    String uploadId();

    /** Whether a create was sent, so that the server may hold an Upload even without an id. */
    boolean createSent();

    /** The bytes of the parts the Upload holds: what the completion must account for. */
    long bytesSent();

    long createdAt();

    long expiresAt();

    /** The journal, or null when none is kept. */
    UploadJournal journal();

    List<String> partIds();

    /** Queues a request of the upload. */
    void submit(RetryingRequest<?> request);

    void fail(Failure failure);

    /** Claims the upload's end; see {@link Transfer#claimFinish}. */
    boolean claimFinish();

    ProgressTracker progress();

    SafeListener listener();

    TransferHandle handle();

    /**
     * What resumes the upload now, with {@code completionSent} as recorded; throws when the file
     * changed or cannot be read for its fingerprint.
     */
    ResumableUpload resumable(boolean completionSent) throws IOException;
  }

  private final Host owner;
  private final ValidatedUpload upload;
  /** Whether a completion may have made the File (so a refused cancel looks for it first), and its md5. */
  private volatile boolean completionSent;
  private volatile String sentMd5;

  Finisher(Host owner, ValidatedUpload upload) {
    this.owner = owner;
    this.upload = upload;
  }

  /** Sends the completion with the parts in order and {@code md5} (null when off). */
  void complete(String md5) {
    completionSent = true;
    sentMd5 = md5;
    CompleteUploadRequest request = CompleteUploadRequest.builder()
        .partIds(owner.partIds())
        .md5(md5)
        .build();
    UploadJournal journal = owner.journal();
    if (journal != null) {
      try {
        journal.markCompletionSent();
      } catch (IOException e) {
        owner.fail(Failure.of(Reason.SOURCE_ERROR, "the journal " + journal.file() + " cannot be written: "
            + e.getMessage(), e));
        return;
      }
    }
    owner.submit(new RetryingRequest<>(owner.requests(), RetryingRequest.Kind.COMPLETE, null, 0,
        () -> owner.client().uploads().completeUpload(owner.uploadId(), request),
        new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(Upload completed) throws IOException {
            verify(completed, md5);
          }

          @Override
          public void failed(Failure failure) {
            // the server may have completed it and the answer been lost: look for the File first
            lookUpFile(md5, () -> owner.fail(failure));
          }
        }));
  }

  /**
   * Looks for the File a completion may have made; when found, the upload has succeeded with it
   * (and its journal is removed), else {@code otherwise} runs.
   */
  void lookUpFile(String md5, Runnable otherwise) {
    completionSent = true; // by this run, or by the run the journal records
    lookUpFile(RetryingRequest.Kind.CREATE, md5, otherwise);
  }

  /** As above, as a request of {@code kind}: a cancel's kind runs while the upload stops. */
  private void lookUpFile(RetryingRequest.Kind kind, String md5, Runnable otherwise) {
    ValidatedUpload v = upload;
    FileLookup lookup = new FileLookup(v.purpose().value(), v.filename(), v.size(), owner.createdAt());
    owner.submit(new RetryingRequest<>(owner.requests(), kind, null, 0,
        () -> lookup.call(owner.client().create(FilesApi.class)), new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(ListFilesResponse page) {
            lookup.find(page).ifPresentOrElse(file -> found(file, md5), otherwise);
          }

          @Override
          public void failed(Failure failure) {
            otherwise.run();
          }
        }));
  }

  private void found(OpenAIFile file, String md5) {
    ValidatedUpload v = upload;
    Upload completed = Upload.builder().id(owner.uploadId()).object(Upload.ObjectEnum.UPLOAD).bytes(v.size())
        .createdAt(owner.createdAt()).filename(v.filename()).purpose(v.purpose().value())
        .status(Upload.StatusEnum.COMPLETED).expiresAt(owner.expiresAt()).file(file).build();
    succeed(completed, md5);
  }

  private void verify(Upload completed, String md5) throws IOException {
    Required.field(completed.id(), "id of the completed Upload");
    java.util.Optional<String> mismatch = new CompletionCheck(owner.uploadId(), owner.bytesSent()).mismatch(completed);
    if (mismatch.isPresent()) {
      owner.fail(new Failure(Reason.VERIFICATION_FAILED, null, 1, mismatch.get(), null));
      return;
    }
    succeed(completed, md5);
  }

  private void succeed(Upload completed, String md5) {
    // the Upload is completed on the server: a cancel or close that comes now changes nothing (this
    // runs inside a request's outcome, so no cancel can have started)
    owner.claimFinish();
    UploadJournal journal = owner.journal();
    if (journal != null) {
      journal.delete();
    }
    ProgressTracker progress = owner.progress();
    UploadResult result = new UploadResult(completed, completed.file(), md5, owner.partIds(),
        progress.retries(), progress.elapsed());
    owner.listener().onCompleted(result);
    owner.handle().succeed(result);
  }

  /** After a failure, once nothing of the upload runs: cancels the Upload on the server if it exists, then ends. */
  void abandon(Failure cause) {
    if (cause.reason() == Reason.PAUSED && owner.uploadId() != null) {
      pause();
      return;
    }
    if (owner.uploadId() == null) {
      end(cause, false, null);
      return;
    }
    owner.submit(new RetryingRequest<>(owner.requests(), RetryingRequest.Kind.CANCEL, null, 0,
        () -> owner.client().uploads().cancelUpload(owner.uploadId()), new RetryingRequest.Outcome<>() {
          @Override
          public void succeeded(Upload cancelled) {
            end(cause, cancelled.status() == Upload.StatusEnum.CANCELLED, null);
          }

          @Override
          public void failed(Failure failure) {
            // a refusal that is not transient (a 4xx) means the Upload is no longer pending: cancelled,
            // completed or expired already, so there is nothing to resume
            boolean gone = failure.cause() instanceof OpenAiApiException api && api.statusCode() >= 400
                && api.statusCode() < 500 && !RetryRules.isRetryable(api);
            if (gone && completionSent) {
              // the completion sent before the failure may have made the File: then the upload succeeded
              lookUpFile(RetryingRequest.Kind.CANCEL, sentMd5, () -> end(cause, false, api(failure).errorMessage()));
              return;
            }
            end(cause, false, gone ? api(failure).errorMessage() : null);
          }
        }));
  }

  /**
   * Whether a create that ended with {@code error} may have made an Upload: its answer came but
   * was not usable, was lost, or was a server error; not when the API refused it or no connection
   * was made.
   */
  private static boolean mayHaveCreated(Throwable error) {
    if (error instanceof OpenAiApiException api) {
      return api.statusCode() >= 500;
    }
    return error instanceof IOException && !(error instanceof java.net.ConnectException)
        && !(error instanceof java.net.UnknownHostException) && !(error instanceof javax.net.ssl.SSLException);
  }

  /** After a pause, once nothing of the upload runs: leaves the Upload pending and ends with what resumes it. */
  private void pause() {
    ResumableUpload paused;
    try {
      paused = owner.resumable(completionSent);
    } catch (IOException | RuntimeException e) {
      abandon(Failure.of(Reason.SOURCE_ERROR, "the upload could not be paused: " + e.getMessage(), e));
      return;
    }
    UploadException error = new UploadException(Reason.PAUSED, owner.uploadId(), null, 0, false,
        "resume it with Uploader.resume(ResumableUpload) before it expires at " + paused.expiresAt(), null);
    owner.listener().onPaused(paused);
    owner.handle().paused(error, paused);
  }

  private static OpenAiApiException api(Failure failure) {
    return (OpenAiApiException) failure.cause();
  }

  private void end(Failure cause, boolean cancelled, String goneBecause) {
    String detail = cause.detail();
    UploadJournal journal = owner.journal();
    if (goneBecause != null) {
      detail = (detail == null ? "" : detail + "; ") + "the Upload is no longer pending (" + goneBecause
          + "), so there is nothing to resume";
    }
    if (journal != null) {
      if (cancelled || goneBecause != null) {
        journal.delete();
      } else {
        detail = (detail == null ? "" : detail + "; ") + "resume it with the journal at " + journal.file();
      }
    }
    ServerState state = owner.uploadId() != null
        ? cancelled ? ServerState.CANCELLED : goneBecause != null ? ServerState.NOT_PENDING : ServerState.PENDING
        : owner.createSent() && mayHaveCreated(cause.cause()) ? ServerState.UNKNOWN : ServerState.NOT_CREATED;
    // what the server sent (the id, messages in the detail) is redacted before it goes into the exception
    OpenAiClient client = owner.client();
    String uploadId = client.redact(owner.uploadId());
    detail = client.redact(detail);
    UploadException error = cause.cause() instanceof ContentProblem problem
        ? new ContentCheckException(uploadId, cancelled, detail, problem.report())
        : new UploadException(cause.reason(), uploadId, cause.part(), cause.attempts(), state, detail, cause.cause());
    if (cause.reason() == Reason.CANCELLED || cause.reason() == Reason.INTERRUPTED) {
      owner.listener().onCancelled(error);
    } else {
      owner.listener().onFailed(error);
    }
    owner.handle().fail(error);
  }
}
