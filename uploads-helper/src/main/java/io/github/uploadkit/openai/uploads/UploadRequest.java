package io.github.uploadkit.openai.uploads;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What to upload and how: the source, its purpose, and options that default to the
 * {@link Uploader}'s settings. Immutable; {@link #toBuilder()} makes a changed copy. The values
 * are checked by {@link Uploader#start(UploadRequest)} before any network call.
 *
 * <pre>{@code
 * UploadRequest.of(Path.of("batch.jsonl"), Purpose.BATCH);
 * UploadRequest.builder(Path.of("scan.pdf"), Purpose.ASSISTANTS).concurrency(8).build();
 * UploadRequest.builder(inputStream, length, "data.jsonl", Purpose.FINE_TUNE).build();
 * }</pre>
 */
public final class UploadRequest {
  /** Where the bytes come from. */
  public sealed interface Source permits FileSource, BytesSource, StreamSource {
  }

  /** A file; each part streams from its region of the file, and a retry re-reads it. */
  public record FileSource(Path path) implements Source {
    public FileSource {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Bytes in memory: the buffer's remaining bytes, neither copied nor changed. */
  public record BytesSource(ByteBuffer buffer) implements Source {
    public BytesSource {
      buffer = Objects.requireNonNull(buffer, "buffer").asReadOnlyBuffer();
    }
  }

  /**
   * A stream of exactly {@code length} bytes, read once, in order, into one part buffer per
   * worker; the stream is not closed.
   */
  public record StreamSource(InputStream stream, long length) implements Source {
    public StreamSource {
      Objects.requireNonNull(stream, "stream");
    }
  }

  private final Source source;
  private final Purpose purpose;
  private final String filename;
  private final String mimeType;
  private final Long partSize;
  private final Integer concurrency;
  private final Boolean md5;
  private final Duration expiresAfter;
  private final RetryPolicy retryPolicy;
  private final Duration deadline;
  private final UploadListener listener;
  private final Path journal;
  private final boolean contentChecks;

  private UploadRequest(Builder builder) {
    this.source = builder.source;
    this.purpose = builder.purpose;
    this.filename = builder.filename;
    this.mimeType = builder.mimeType;
    this.partSize = builder.partSize;
    this.concurrency = builder.concurrency;
    this.md5 = builder.md5;
    this.expiresAfter = builder.expiresAfter;
    this.retryPolicy = builder.retryPolicy;
    this.deadline = builder.deadline;
    this.listener = builder.listener;
    this.journal = builder.journal;
    this.contentChecks = builder.contentChecks;
  }

  /** A request for a file with every option at its default. */
  public static UploadRequest of(Path file, Purpose purpose) {
    return builder(file, purpose).build();
  }

  /** A builder for a file; the filename defaults to the file's name. */
  public static Builder builder(Path file, Purpose purpose) {
    return new Builder(new FileSource(file), purpose);
  }

  /** A builder for bytes in memory; the array is not copied, so do not change it. */
  public static Builder builder(byte[] bytes, String filename, Purpose purpose) {
    return builder(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")), filename, purpose);
  }

  /** A builder for a buffer's remaining bytes. */
  public static Builder builder(ByteBuffer buffer, String filename, Purpose purpose) {
    return new Builder(new BytesSource(buffer), purpose).filename(filename);
  }

  /** A builder for a stream that will give exactly {@code length} bytes. */
  public static Builder builder(InputStream stream, long length, String filename, Purpose purpose) {
    return new Builder(new StreamSource(stream, length), purpose).filename(filename);
  }

  /** A builder that starts from this request. */
  public Builder toBuilder() {
    Builder builder = new Builder(source, purpose);
    builder.filename = filename;
    builder.mimeType = mimeType;
    builder.partSize = partSize;
    builder.concurrency = concurrency;
    builder.md5 = md5;
    builder.expiresAfter = expiresAfter;
    builder.retryPolicy = retryPolicy;
    builder.deadline = deadline;
    builder.listener = listener;
    builder.journal = journal;
    builder.contentChecks = contentChecks;
    return builder;
  }

  /** Where the bytes come from. */
  public Source source() {
    return source;
  }

  /** The purpose; null only when the builder was given null, which validation refuses. */
  public @Nullable Purpose purpose() {
    return purpose;
  }

  /** The filename sent to the API; for a file, empty means the file's own name. */
  public Optional<String> filename() {
    return Optional.ofNullable(filename);
  }

  /** The MIME type; empty means inferred from the filename's extension. */
  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  /** The part size in bytes; empty means chosen automatically. */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /** The most parts in flight at once; empty means the uploader's default. */
  public OptionalInt concurrency() {
    return concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency);
  }

  /** Whether to compute and send the md5; empty means the uploader's default (on). */
  public Optional<Boolean> md5() {
    return Optional.ofNullable(md5);
  }

  /** How long after creation the File expires; empty means the API's default. */
  public Optional<Duration> expiresAfter() {
    return Optional.ofNullable(expiresAfter);
  }

  /** The retry policy; empty means the uploader's. */
  public Optional<RetryPolicy> retryPolicy() {
    return Optional.ofNullable(retryPolicy);
  }

  /** How long the whole upload may take from its start; empty means no limit. */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The listener; empty means none. */
  public Optional<UploadListener> listener() {
    return Optional.ofNullable(listener);
  }

  /** Where the upload keeps its journal for resuming; empty means none. */
  public Optional<Path> journal() {
    return Optional.ofNullable(journal);
  }

  /** Whether the content is checked against the purpose and MIME type; on by default. */
  public boolean contentChecks() {
    return contentChecks;
  }

  @Override
  public String toString() {
    String what = source instanceof FileSource file ? file.path().toString()
        : source instanceof BytesSource bytes ? bytes.buffer().remaining() + " bytes in memory"
        : "a stream of " + ((StreamSource) source).length() + " bytes";
    return "UploadRequest{" + what + ", purpose=" + purpose + ", filename=" + filename
        + ", mimeType=" + mimeType + ", partSize=" + partSize + ", concurrency=" + concurrency
        + ", md5=" + md5 + ", expiresAfter=" + expiresAfter + ", journal=" + journal + "}";
  }

  /** Builds an {@link UploadRequest}; values are checked when the upload starts. */
  public static final class Builder {
    private final Source source;
    private final Purpose purpose;
    private String filename;
    private String mimeType;
    private Long partSize;
    private Integer concurrency;
    private Boolean md5;
    private Duration expiresAfter;
    private RetryPolicy retryPolicy;
    private Duration deadline;
    private UploadListener listener;
    private Path journal;
    private boolean contentChecks = true;

    private Builder(Source source, Purpose purpose) {
      this.source = source;
      this.purpose = purpose;
    }

    /** The name the File gets; no path separators or control characters. */
    public Builder filename(@Nullable String filename) {
      this.filename = filename;
      return this;
    }

    /** The MIME type; it must be one that the purpose accepts and agree with the extension. */
    public Builder mimeType(@Nullable String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /** The part size in bytes, 1 to 64 MiB; by default chosen from the size and concurrency. */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /** The most parts in flight at once, 1 to 16; 4 by default. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Whether to compute the md5 while uploading and send it at completion; on by default. */
    public Builder md5(boolean md5) {
      this.md5 = md5;
      return this;
    }

    /** When the File expires after its creation, 1 hour to 30 days. */
    public Builder expiresAfter(@Nullable Duration expiresAfter) {
      this.expiresAfter = expiresAfter;
      return this;
    }

    /** How failed requests are retried; by default the uploader's policy. */
    public Builder retryPolicy(@Nullable RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /**
     * How long the whole upload may take, from its start to the completed Upload; none by
     * default. When it passes, the upload stops, its Upload is cancelled on the server, and it
     * fails with reason {@code DEADLINE_PASSED}, its message naming the deadline. Requests keep
     * their own timeouts ({@link RetryPolicy}). Must be positive.
     */
    public Builder deadline(@Nullable Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Hears the upload's events; see {@link UploadListener}. */
    public Builder listener(@Nullable UploadListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Keeps a journal of the upload at this path (file sources only), rewritten after every part
     * and removed when the Upload completes or is cancelled, so that {@link Uploader#resume}
     * can continue it after a crash. Starting an upload whose journal already exists is refused.
     */
    public Builder journal(@Nullable Path journal) {
      this.journal = journal;
      return this;
    }

    /**
     * Whether to check the content while uploading (on by default): JSONL lines for batch and
     * fine-tuning, the bytes against the MIME type, text encodings, animated GIFs. The checks
     * read the file in the same pass as the md5, so they add no wall time; a failure stops the
     * upload and cancels the Upload before it is completed. A file of one part is checked
     * before the Upload is created.
     */
    public Builder contentChecks(boolean contentChecks) {
      this.contentChecks = contentChecks;
      return this;
    }

    /** Returns the request; its values are checked when the upload starts. */
    public UploadRequest build() {
      return new UploadRequest(this);
    }
  }
}
