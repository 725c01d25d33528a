package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.OpenAiApiException;
import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.DrainResult;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import io.github.uploadkit.openai.uploads.UploadHandle;
import io.github.uploadkit.openai.uploads.UploadException;
import io.github.uploadkit.openai.uploads.UploadLimits;
import io.github.uploadkit.openai.uploads.UploadPlan;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.UploaderListener;
import io.github.uploadkit.openai.uploads.UploaderStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The way into this package for {@code Uploader} and the command line: validation and the
 * shared engine behind a few calls. ({@code ResumableUpload} also reads and writes its text
 * through {@link UploadJournal}, whose format it shares.)
 */
public final class UploadEngine implements AutoCloseable {
  private final OpenAiClient client;
  private final UploadValidator validator;
  private final Engine engine;

  /** An engine with the uploader's settings; see {@code Uploader.Builder}. */
  public UploadEngine(OpenAiClient client, UploadLimits limits, RetryPolicy retryPolicy, int concurrency, boolean md5,
      int maxConcurrentParts, long maxBufferedBytes, Executor executor, UploaderListener listener) {
    this.client = client;
    this.validator = new UploadValidator(limits, concurrency, md5, retryPolicy, EngineClock.SYSTEM);
    this.engine = new Engine(client, maxConcurrentParts, maxBufferedBytes, executor, listener, EngineClock.SYSTEM);
  }

  /** Validates and starts a new upload. */
  public UploadHandle start(UploadRequest request) {
    return engine.start(validator.validate(request));
  }

  /**
   * Validates a journal's upload and continues it. A refusal quotes the Upload id the journal
   * holds, which a server chose: the key is redacted from its message.
   */
  public UploadHandle resume(UploadRequest request) {
    ValidatedUpload upload;
    try {
      upload = validator.validateResume(request);
    } catch (UploadValidationException e) {
      String redacted = client.redact(e.getMessage());
      if (redacted.equals(e.getMessage())) {
        throw e;
      }
      throw new UploadValidationException(e.code(), e.field(), e.rejectedValue(), redacted);
    }
    return engine.start(upload);
  }

  /**
   * Validates a paused upload ({@code state}, as a {@code ResumableUpload} holds it) and
   * continues it without a journal file; {@code request} gives the other settings.
   */
  public UploadHandle resumePaused(UploadJournal.State state, UploadRequest request) {
    return engine.start(validator.validatePaused(state, request));
  }

  /**
   * Cancels a pending Upload by id. An id that is not a plain Upload id is refused before any
   * request, quoted escaped and with the key redacted; the id and the API's message are redacted
   * in the exception too.
   */
  public Upload cancel(String uploadId) {
    String shown = client.redact(uploadId);
    if (!UploadIds.plain(uploadId)) {
      throw new UploadValidationException("uploadId", shown, "uploadId " + UploadIds.quote(shown)
          + " is not an Upload id: " + UploadIds.ALLOWED + "; nothing was sent");
    }
    try {
      return client.execute(client.uploads().cancelUpload(uploadId));
    } catch (OpenAiApiException e) {
      throw new UploadException(UploadException.Reason.API_ERROR, shown, null, 1, false, e.getMessage(), e);
    } catch (IOException e) {
      throw new UploadException(UploadException.Reason.RETRIES_EXHAUSTED, shown, null, 1, false,
          "the cancel could not be sent: " + client.redact(e.getMessage()), e);
    }
  }

  /** The engine as a whole now. */
  public UploaderStats stats() {
    return engine.stats();
  }

  /** Stops accepting uploads, lets the running ones end within {@code deadline}, then pauses or cancels the rest. */
  public DrainResult drain(Duration deadline, boolean pause) {
    return engine.drain(deadline, pause);
  }

  /** Validates a request and describes its plan, sending nothing. */
  public UploadPlan describe(UploadRequest request) {
    ValidatedUpload v = validator.validate(request);
    return new UploadPlan(v.filename(), v.size(), v.mimeType(), v.purpose(), v.plan().partCount(), v.plan().partSize(),
        v.concurrency(), v.md5());
  }

  /** Runs a request's content checks alone, checked against {@code limits}: no engine, no client. */
  public static ContentReport check(UploadRequest request, UploadLimits limits) {
    return ContentCheckRunner.run(new UploadValidator(limits, 1, false, RetryPolicy.defaults(), EngineClock.SYSTEM)
        .validate(request));
  }

  /** Uploads started and not yet over. */
  public int runningUploads() {
    return engine.runningUploads();
  }

  @Override
  public void close() {
    engine.close();
  }

  /**
   * Takes a journal's lock, hands its Upload id to {@code cancel} and deletes it; refuses a file
   * that is not a journal of this tool, or one another upload holds.
   */
  public static void discardJournal(Path journal, Consumer<String> cancel) {
    UploadJournal.discard(journal, cancel);
  }
}
