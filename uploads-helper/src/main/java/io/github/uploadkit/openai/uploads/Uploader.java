package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.internal.ContentCheckRunner;
import io.github.uploadkit.openai.uploads.internal.UploadJob;
import io.github.uploadkit.openai.uploads.internal.UploadValidator;
import io.github.uploadkit.openai.uploads.internal.ValidatedUpload;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Uploads files of up to 8 GB to OpenAI through the Uploads API: validated before anything is
 * sent, parts in parallel, bounded memory, md5-verified, retried, and cancelled on the server
 * when it fails.
 *
 * <pre>{@code
 * Uploader uploader = Uploader.create(OpenAiClient.builder().build());
 * UploadResult result = uploader.upload(UploadRequest.of(Path.of("batch.jsonl"), Purpose.BATCH));
 * String fileId = result.fileId();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; one can run many uploads at once. An executor given
 * to the builder runs the parts and is never shut down by the uploader.
 */
public final class Uploader {
  /** Parts in flight at once unless a request or the builder says otherwise. */
  public static final int DEFAULT_CONCURRENCY = 4;

  private final OpenAiClient client;
  private final UploadLimits limits;
  private final RetryPolicy retryPolicy;
  private final int concurrency;
  private final boolean md5;
  private final Executor executor;
  private final UploadValidator validator;

  private Uploader(Builder builder) {
    this.client = builder.client;
    this.limits = builder.limits;
    this.retryPolicy = builder.retryPolicy;
    this.concurrency = builder.concurrency;
    this.md5 = builder.md5;
    this.executor = builder.executor;
    this.validator = new UploadValidator(limits, concurrency, md5, retryPolicy);
  }

  /** An uploader with every setting at its default. */
  public static Uploader create(OpenAiClient client) {
    return builder(client).build();
  }

  /** A builder for an uploader that sends through {@code client}. */
  public static Builder builder(OpenAiClient client) {
    return new Builder(client);
  }

  /** A builder that starts from this uploader's settings. */
  public Builder toBuilder() {
    Builder builder = new Builder(client);
    builder.limits = limits;
    builder.retryPolicy = retryPolicy;
    builder.concurrency = concurrency;
    builder.md5 = md5;
    builder.executor = executor;
    return builder;
  }

  /**
   * Uploads and waits for the completed Upload. An interrupt while waiting cancels the upload.
   *
   * @throws UploadValidationException if the request is not allowed; nothing was sent
   * @throws UploadException if the upload failed or was cancelled
   */
  public UploadResult upload(UploadRequest request) {
    return start(request).join();
  }

  /**
   * Checks the request and starts the upload in the background.
   *
   * @throws UploadValidationException if the request is not allowed; nothing was sent
   */
  public UploadHandle start(UploadRequest request) {
    ValidatedUpload validated = validator.validate(Objects.requireNonNull(request, "request"));
    return new UploadJob(client, validated, executor).start();
  }

  /**
   * Continues an upload whose journal ({@link UploadRequest#journal()}) a crashed or killed
   * process left: checks that the file is unchanged and the Upload has not expired, sends only the
   * parts the journal does not record, and completes the same Upload. The filename, MIME type and
   * part size come from the journal.
   *
   * @throws UploadValidationException if there is no journal, it is corrupt or from another
   *     version, the file changed, or the Upload expired; nothing was sent
   */
  public UploadHandle resume(UploadRequest request) {
    ValidatedUpload validated = validator.validateResume(Objects.requireNonNull(request, "request"));
    return new UploadJob(client, validated, executor).start();
  }

  /**
   * Checks a request as {@link #start} would, without sending anything, and describes the plan.
   *
   * @throws UploadValidationException if the request is not allowed
   */
  public String validate(UploadRequest request) {
    ValidatedUpload v = validator.validate(Objects.requireNonNull(request, "request"));
    return v.filename() + ": " + v.size() + " bytes, " + v.mimeType() + ", purpose " + v.purpose() + ", "
        + v.plan().partCount() + " part(s) of up to " + v.plan().partSize() + " bytes, concurrency "
        + v.concurrency() + ", md5 " + (v.md5() ? "on" : "off");
  }

  /**
   * Runs the content checks for a request alone, with no network: JSONL lines for batch and
   * fine-tuning, the bytes against the MIME type, the text encoding for file search, animated
   * GIFs for vision. Reads the source once; a stream source is consumed.
   *
   * @throws UploadValidationException if the request itself is not allowed or cannot be read
   */
  public ContentReport check(UploadRequest request) {
    UploadRequest checked = Objects.requireNonNull(request, "request").toBuilder().contentChecks(true).journal(null)
        .md5(false).build();
    return ContentCheckRunner.run(validator.validate(checked));
  }

  /**
   * Cancels a pending Upload by id, for example one left by a process that died.
   *
   * @throws io.github.uploadkit.openai.client.OpenAiApiException if the API refuses
   * @throws IOException if the request could not be sent
   */
  public Upload cancel(String uploadId) throws IOException {
    return client.execute(client.uploads().cancelUpload(Objects.requireNonNull(uploadId, "uploadId")));
  }

  /** The limits requests are checked against. */
  public UploadLimits limits() {
    return limits;
  }

  /** The retry policy for requests that set none. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public String toString() {
    return "Uploader{" + client + ", " + limits + ", " + retryPolicy + ", concurrency=" + concurrency
        + ", md5=" + md5 + "}";
  }

  /** Configures an {@link Uploader}; each setting is the default for requests that do not set it. */
  public static final class Builder {
    private final OpenAiClient client;
    private UploadLimits limits = UploadLimits.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int concurrency = DEFAULT_CONCURRENCY;
    private boolean md5 = true;
    private Executor executor;

    private Builder(OpenAiClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Sets the limits requests are checked against; the API's by default. */
    public Builder limits(UploadLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Sets the retry policy for requests that set none. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** The default parts in flight at once; checked against the limits when an upload starts. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Sets whether requests that do not say compute and send the md5; on by default. */
    public Builder md5(boolean md5) {
      this.md5 = md5;
      return this;
    }

    /** Runs parts on this executor, which the uploader never shuts down; by default each upload has its own threads. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Returns the uploader. */
    public Uploader build() {
      return new Uploader(this);
    }
  }
}
