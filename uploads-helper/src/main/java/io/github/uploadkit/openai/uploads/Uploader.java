package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.client.OpenAiClient;
import io.github.uploadkit.openai.client.model.Upload;
import io.github.uploadkit.openai.uploads.internal.UploadEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Uploads files of up to 8 GB to OpenAI through the Uploads API: validated before anything is
 * sent, parts in parallel, bounded memory, md5-verified, retried, and cancelled on the server
 * when it fails.
 *
 * <pre>{@code
 * try (Uploader uploader = Uploader.create(OpenAiClient.builder().build())) {
 *   UploadResult result = uploader.upload(UploadRequest.of(Path.of("batch.jsonl"), Purpose.BATCH));
 *   String fileId = result.fileId();
 * }
 * }</pre>
 *
 * <p>An uploader is a long-lived engine, meant to be shared by a whole application: it is
 * thread-safe and runs any number of uploads at once under limits of its own, not per upload. At
 * most {@link Builder#maxConcurrentParts(int) maxConcurrentParts} part requests are in flight
 * over all uploads, handed out so that a small upload is not stuck behind a large one, and four
 * times as many creates and completions beside them (at most 64 unless
 * {@code maxConcurrentParts} is more), so that these never wait for parts; up to
 * {@code maxConcurrentParts} more parts, of uploads with at most 8 MiB left, may take those too. A
 * rate-limit refusal (429) seen by any request slows every upload; stream sources share a
 * {@link Builder#maxBufferedBytes(long) buffer budget}. Waiting uploads hold no thread: live
 * threads stay below {@code maxConcurrentParts} plus those control permits plus a few (84 by
 * default), whatever the number of uploads.
 * {@link #close()} cancels what is still running and ends the uploader's threads; an executor
 * given to the builder is never shut down. A service that stops drains it instead:
 * {@link #close(Duration, AfterDeadline)} lets running uploads finish within a deadline, then
 * cancels or pauses the rest. {@link #stats()} and a {@link Builder#listener(UploaderListener)}
 * report the engine as a whole.
 */
public final class Uploader implements AutoCloseable {
  /** Parts in flight at once unless a request or the builder says otherwise. */
  public static final int DEFAULT_CONCURRENCY = 4;
  /** Part requests in flight at once over all uploads unless the builder says otherwise. */
  public static final int DEFAULT_MAX_CONCURRENT_PARTS = 16;
  /** The most bytes that stream sources may hold in part buffers at once, unless set. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 256L * 1024 * 1024;

  private final OpenAiClient client;
  private final UploadLimits limits;
  private final RetryPolicy retryPolicy;
  private final int concurrency;
  private final boolean md5;
  private final Executor executor;
  private final int maxConcurrentParts;
  private final long maxBufferedBytes;
  private final UploaderListener listener;
  private final UploadEngine engine;

  private Uploader(Builder builder) {
    this.client = builder.client;
    this.limits = builder.limits;
    this.retryPolicy = builder.retryPolicy;
    this.concurrency = builder.concurrency;
    this.md5 = builder.md5;
    this.executor = builder.executor;
    this.maxConcurrentParts = builder.maxConcurrentParts;
    this.maxBufferedBytes = builder.maxBufferedBytes;
    this.listener = builder.listener;
    this.engine = new UploadEngine(client, limits, retryPolicy, concurrency, md5, maxConcurrentParts, maxBufferedBytes,
        executor, listener);
  }

  /** An uploader with every setting at its default. */
  public static Uploader create(OpenAiClient client) {
    return builder(client).build();
  }

  /** A builder for an uploader that sends through {@code client}. */
  public static Builder builder(OpenAiClient client) {
    return new Builder(client);
  }

  /** A builder that starts from this uploader's settings; what it builds is a new engine of its own. */
  public Builder toBuilder() {
    Builder builder = new Builder(client);
    builder.limits = limits;
    builder.retryPolicy = retryPolicy;
    builder.concurrency = concurrency;
    builder.md5 = md5;
    builder.executor = executor;
    builder.maxConcurrentParts = maxConcurrentParts;
    builder.maxBufferedBytes = maxBufferedBytes;
    builder.listener = listener;
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
   * @throws IllegalStateException if the uploader is closed
   */
  public UploadHandle start(UploadRequest request) {
    return engine.start(Objects.requireNonNull(request, "request"));
  }

  /**
   * Continues an upload whose journal ({@link UploadRequest#journal()}) a crashed or killed
   * process left: checks that the file is unchanged and the Upload has not expired, sends only the
   * parts the journal does not record, and completes the same Upload. The filename, MIME type and
   * part size come from the journal.
   *
   * @throws UploadValidationException if there is no journal, it is corrupt or from another
   *     version, the file changed, or the Upload expired; nothing was sent
   * @throws IllegalStateException if the uploader is closed
   */
  public UploadHandle resume(UploadRequest request) {
    return engine.resume(Objects.requireNonNull(request, "request"));
  }

  /**
   * Continues an upload that {@link UploadHandle#pause()} paused, in this process or another:
   * checks that the file is unchanged (size, modification time, sampled regions, and the CRC32C
   * of every stored part) and the Upload has not expired, sends only the parts not stored, and
   * completes the same Upload. The uploader's defaults apply; no journal is kept.
   *
   * @throws UploadValidationException if the file changed or cannot be read, or the Upload
   *     expired ({@link ResumableUpload#expiresAt()}); nothing was sent
   * @throws IllegalStateException if the uploader is closed or draining
   */
  public UploadHandle resume(ResumableUpload paused) {
    return resume(paused, new UploadListener() { });
  }

  /**
   * As {@link #resume(ResumableUpload)}, with {@code listener} hearing the resumed upload.
   *
   * @throws UploadValidationException if the file changed or cannot be read, or the Upload
   *     expired; nothing was sent
   * @throws IllegalStateException if the uploader is closed or draining
   */
  public UploadHandle resume(ResumableUpload paused, UploadListener listener) {
    Objects.requireNonNull(paused, "paused");
    UploadRequest request = UploadRequest.builder(paused.file(), paused.purpose())
        .listener(Objects.requireNonNull(listener, "listener")).build();
    return engine.resumePaused(paused.state(), request);
  }

  /**
   * Checks a request as {@link #start} would, without sending anything, and returns what the
   * upload would do.
   *
   * @throws UploadValidationException if the request is not allowed
   */
  public UploadPlan validate(UploadRequest request) {
    return engine.describe(Objects.requireNonNull(request, "request"));
  }

  /**
   * Runs the content checks for a request alone, with no network: JSONL lines for batch and
   * fine-tuning, the bytes against the MIME type, the text encoding for file search, animated
   * GIFs for vision. Reads the source once; a stream source is consumed.
   *
   * @throws UploadValidationException if the request itself is not allowed or cannot be read
   */
  public ContentReport check(UploadRequest request) {
    return check(request, limits);
  }

  /**
   * Runs the content checks for a request alone, as {@link #check(UploadRequest)} does, with no
   * uploader and no client: the request is checked against {@code limits}.
   *
   * @throws UploadValidationException if the request itself is not allowed or cannot be read
   */
  public static ContentReport check(UploadRequest request, UploadLimits limits) {
    UploadRequest checked = Objects.requireNonNull(request, "request").toBuilder().contentChecks(true).journal(null)
        .md5(false).build();
    return UploadEngine.check(checked, Objects.requireNonNull(limits, "limits"));
  }

  /**
   * Cancels a pending Upload by id, for example one left by a process that died.
   *
   * @throws UploadValidationException if {@code uploadId} is not an Upload id (1 to 256 letters,
   *     digits, '_' and '-', as in {@code upload_abc123}): the message quotes it, escaped and with
   *     the API key redacted; nothing was sent
   * @throws UploadException if the API refuses (reason {@code API_ERROR}, {@link UploadException#apiError()}
   *     with the status and error) or the request cannot be sent (reason {@code RETRIES_EXHAUSTED}, the
   *     {@code IOException} as cause)
   */
  public Upload cancel(String uploadId) {
    return engine.cancel(Objects.requireNonNull(uploadId, "uploadId"));
  }

  /**
   * Abandons the unfinished upload a journal records, to start over: cancels its Upload on the
   * server and deletes the journal. Only a file that is one of this library's journals is
   * deleted.
   *
   * @throws UploadValidationException if the file is not a journal, or another upload holds it;
   *     nothing was sent and the file is left as it is
   * @return the id of the Upload that was cancelled
   * @throws UploadException if the Upload could not be cancelled; the journal is deleted anyway
   *     (the Upload expires on its own)
   */
  public String abandon(Path journal) {
    Objects.requireNonNull(journal, "journal");
    UploadException[] failed = new UploadException[1];
    String[] cancelled = new String[1];
    UploadEngine.discardJournal(journal, uploadId -> {
      cancelled[0] = uploadId;
      try {
        cancel(uploadId);
      } catch (UploadException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    return cancelled[0];
  }

  /** Uploads started and not yet over. */
  public int runningUploads() {
    return engine.runningUploads();
  }

  /**
   * The uploader as a whole now: uploads running, started and ended by outcome, requests in
   * flight, parts waiting, the rate limit's value and waits, and bytes sent. Cheap enough for a
   * metrics gauge to call on every scrape.
   */
  public UploaderStats stats() {
    return engine.stats();
  }

  /**
   * Stops accepting uploads, cancels those still running (each on the server too, so none is
   * left pending), and returns once they are over and the uploader's threads have ended. Calling
   * it again does nothing more.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Drains the uploader, for a service that stops: as {@link #close(Duration, AfterDeadline)}
   * with {@link AfterDeadline#CANCEL}.
   *
   * @throws IllegalArgumentException if {@code deadline} is negative
   */
  public DrainResult close(Duration deadline) {
    return close(deadline, AfterDeadline.CANCEL);
  }

  /**
   * Drains the uploader: at once stops accepting uploads (a later {@link #start} or
   * {@link #resume} throws {@link IllegalStateException}), lets the running ones go on until they
   * end or {@code deadline} passes, then stops the rest as {@code after} says, and returns once
   * every one is over and the uploader's threads have ended. An upload whose source is not a file
   * cannot be paused and is cancelled. If the calling thread is interrupted it stops waiting
   * (what has not ended yet counts as cancelled) and keeps its interrupt status. Calling it
   * again, or {@link #close()} after it, does nothing more.
   *
   * @return how the uploads running at the call ended, with what resumes each paused one
   * @throws IllegalArgumentException if {@code deadline} is negative
   */
  public DrainResult close(Duration deadline, AfterDeadline after) {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(after, "after");
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must be zero or more, but was " + deadline);
    }
    return engine.drain(deadline, after == AfterDeadline.PAUSE);
  }

  /** What a drain ({@link #close(Duration, AfterDeadline)}) does with the uploads still running at its deadline. */
  public enum AfterDeadline {
    /** Cancels them, on the server too, as {@link UploadHandle#cancel()} does. */
    CANCEL,
    /**
     * Pauses them as {@link UploadHandle#pause()} does, their Uploads left pending, and returns
     * what resumes each in {@link DrainResult#paused()}; one whose source is not a file is cancelled.
     */
    PAUSE
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
        + ", md5=" + md5 + ", maxConcurrentParts=" + maxConcurrentParts + ", maxBufferedBytes=" + maxBufferedBytes + "}";
  }

  /** Configures an {@link Uploader}; each setting is the default for requests that do not set it. */
  public static final class Builder {
    private final OpenAiClient client;
    private UploadLimits limits = UploadLimits.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int concurrency = DEFAULT_CONCURRENCY;
    private boolean md5 = true;
    private Executor executor;
    private int maxConcurrentParts = DEFAULT_MAX_CONCURRENT_PARTS;
    private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
    private UploaderListener listener = new UploaderListener() { };

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

    /**
     * Runs requests on this executor, which the uploader never shuts down; by default on a pool
     * of the uploader's own, of {@code maxConcurrentParts} threads for parts and as many as the
     * control permits beside them (80 by default; see {@link #maxConcurrentParts(int)}). The
     * executor should run that many tasks at once; one that refuses a task fails that upload
     * (its Upload is still cancelled, on a thread of the uploader's own).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The part permits: how many part requests may be in flight at once over all uploads of this
     * uploader, 1 to 256; 16 by default. Four times as many control permits (but at most 64, or as
     * many as this limit if it is more) let requests that create, complete or cancel Uploads go
     * beside them, so that those of a small upload never wait for the parts of large ones. The
     * part of an upload with at most 8 MiB left may also take a free control permit, so up to
     * twice this limit of part requests can be in flight, the second half all short ones (fewer
     * when this limit is over 32, so that as many control permits stay free for the others; none
     * at 64 or more); none does once the server has refused a request for the rate limit. A request's
     * concurrency stays a cap on that upload's parts. After a 429 the uploader sends fewer of
     * either at once for a while, and grows back to this limit.
     */
    public Builder maxConcurrentParts(int maxConcurrentParts) {
      if (maxConcurrentParts < 1 || maxConcurrentParts > 256) {
        throw new IllegalArgumentException("maxConcurrentParts must be 1 to 256, but was " + maxConcurrentParts);
      }
      this.maxConcurrentParts = maxConcurrentParts;
      return this;
    }

    /**
     * The most bytes that uploads from streams may hold in part buffers at once, over all
     * uploads; 256 MiB by default. A part waits for budget; a part larger than the whole budget
     * goes when no other part holds a buffer. File and memory sources need no buffers.
     */
    public Builder maxBufferedBytes(long maxBufferedBytes) {
      if (maxBufferedBytes < 1) {
        throw new IllegalArgumentException("maxBufferedBytes must be at least 1, but was " + maxBufferedBytes);
      }
      this.maxBufferedBytes = maxBufferedBytes;
      return this;
    }

    /** Hears every upload's start and end and every rate-limit refusal, for metrics; see {@link UploaderListener}. */
    public Builder listener(UploaderListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Returns the uploader. */
    public Uploader build() {
      return new Uploader(this);
    }
  }
}
