package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.Purpose;
import io.github.uploadkit.openai.uploads.RetryPolicy;
import io.github.uploadkit.openai.uploads.UploadLimits;
import io.github.uploadkit.openai.uploads.UploadListener;
import io.github.uploadkit.openai.uploads.UploadRequest;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Checks a request against the limits before anything is sent, and resolves its settings. Each
 * failure is an {@link UploadValidationException} naming the value and what is allowed.
 */
final class UploadValidator {
  private final EngineClock clock;
  private final UploadLimits limits;
  private final int defaultConcurrency;
  private final boolean defaultMd5;
  private final RetryPolicy defaultRetryPolicy;

  UploadValidator(UploadLimits limits, int defaultConcurrency, boolean defaultMd5, RetryPolicy defaultRetryPolicy,
      EngineClock clock) {
    this.clock = clock;
    this.limits = limits;
    this.defaultConcurrency = defaultConcurrency;
    this.defaultMd5 = defaultMd5;
    this.defaultRetryPolicy = defaultRetryPolicy;
  }

  /**
   * Returns the checked upload.
   *
   * @throws UploadValidationException for the first setting that is not allowed
   */
  public ValidatedUpload validate(UploadRequest request) {
    Purpose purpose = request.purpose();
    if (purpose == null) {
      throw new UploadValidationException("purpose", null, "purpose is required: one of " + Purpose.allowedValues());
    }
    long size = checkSize(request.source());
    String filename = checkFilename(request);
    String mimeType = checkMimeType(purpose, filename, request.mimeType().orElse(null));
    int concurrency = checkConcurrency(request.concurrency().orElse(defaultConcurrency));
    PartPlan plan = PartPlanner.plan(size, limits, request.partSize(), concurrency);
    Long expiresAfter = request.expiresAfter().map(this::checkExpiresAfter).orElse(null);
    boolean md5 = request.md5().orElse(defaultMd5);
    Path journal = request.journal().orElse(null);
    if (journal != null) {
      if (!(request.source() instanceof UploadRequest.FileSource)) {
        throw new UploadValidationException("journal", journal,
            "a journal can only be kept for a file source, not for bytes in memory or a stream");
      }
      if (Files.exists(journal, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        if (!UploadJournal.isJournal(journal)) {
          throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", journal, journal + " exists and is not a journal of this"
              + " tool: choose another journal path (the file was left as it is)");
        }
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_EXISTS, "journal", journal, "a journal of an unfinished upload exists at "
            + journal + ": resume that upload, or delete the journal to start over");
      }
    }
    ContentInspector inspector = request.contentChecks() ? ContentInspectors.forUpload(purpose, MimeTypes.bare(mimeType)) : null;
    PartSource source = open(request, md5, inspector);
    return new ValidatedUpload(source, purpose, filename, mimeType, plan, concurrency, md5, expiresAfter,
        request.retryPolicy().orElse(defaultRetryPolicy), request.listener().orElse(new UploadListener() { }),
        journal, null, inspector, checkDeadline(request));
  }

  private static java.time.Duration checkDeadline(UploadRequest request) {
    java.time.Duration deadline = request.deadline().orElse(null);
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new UploadValidationException("deadline", deadline, "deadline must be positive, but was " + deadline);
    }
    return deadline;
  }

  /** Re-reads every part the journal holds and compares its CRC32C with the bytes that were sent. */
  private static void checkStoredParts(UploadJournal journal, Path file, PartPlan plan) {
    for (var entry : journal.checksums().entrySet()) {
      PartRange part = plan.parts().get(entry.getKey() - 1);
      String now;
      try {
        now = PartChecksum.of(file, part);
      } catch (IOException e) {
        throw new UploadValidationException(UploadValidationException.Code.SOURCE_UNREADABLE, "path", file, "file " + file + " cannot be read: " + e.getMessage());
      }
      if (!now.equals(entry.getValue())) {
        throw new UploadValidationException(UploadValidationException.Code.SOURCE_CHANGED, "path", file, "cannot resume Upload " + journal.uploadId() + ": part "
            + part.number() + " (bytes " + part.offset() + " to " + (part.end() - 1) + ") of " + file
            + " is not what was sent (CRC32C " + entry.getValue() + " then, " + now + " now); start the upload over");
      }
    }
  }

  private static PartSource open(UploadRequest request, boolean md5, ContentInspector inspector) {
    try {
      return PartSource.open(request.source(), md5, inspector);
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.SOURCE_UNREADABLE, "source", request.source(), "the source cannot be read: " + e.getMessage());
    }
  }

  /**
   * Checks that a journal's upload can be resumed, and returns it with the journal's settings.
   *
   * @throws UploadValidationException if it cannot: the message says why and what to do
   */
  public ValidatedUpload validateResume(UploadRequest request) {
    Path journalPath = request.journal().orElseThrow(() -> new UploadValidationException(UploadValidationException.Code.JOURNAL_MISSING, "journal", null,
        "resuming needs the journal's path: set UploadRequest.Builder.journal(...)"));
    if (!(request.source() instanceof UploadRequest.FileSource file)) {
      throw new UploadValidationException("journal", journalPath, "only a file source can be resumed");
    }
    return resume(request, file.path(), UploadJournal.read(journalPath), journalPath);
  }

  /**
   * Checks that a paused upload ({@code state}, as a {@code ResumableUpload} holds it) can be
   * resumed, and returns it to continue without a journal file; {@code request} gives the
   * settings that are not the Upload's own (listener, concurrency, retries).
   *
   * @throws UploadValidationException if it cannot: the file changed, or the Upload expired
   */
  public ValidatedUpload validatePaused(UploadJournal.State state, UploadRequest request) {
    return resume(request, Path.of(state.source().path()), UploadJournal.detached(state), null);
  }

  private ValidatedUpload resume(UploadRequest request, Path path, UploadJournal journal, Path journalPath) {
    String what = journalPath == null ? "the paused upload" : "the journal " + journalPath;
    long size = checkSize(new UploadRequest.FileSource(path));
    SourceFingerprint now;
    try {
      now = SourceFingerprint.of(path);
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.SOURCE_UNREADABLE, "path", path, "file " + path + " cannot be read: " + e.getMessage());
    }
    String difference = journal.source().differenceFrom(now);
    if (difference != null) {
      throw new UploadValidationException(UploadValidationException.Code.SOURCE_CHANGED, "path", path, "cannot resume Upload " + journal.uploadId() + ": "
          + path + " is not the file that was being uploaded (" + difference + "); start the upload over");
    }

    long nowSeconds = clock.epochSecond();
    if (nowSeconds >= journal.expiresAt()) {
      throw new UploadValidationException(UploadValidationException.Code.UPLOAD_EXPIRED, "journal", journalPath, "cannot resume Upload " + journal.uploadId()
          + ": it expired at " + java.time.Instant.ofEpochSecond(journal.expiresAt())
          + " (Uploads expire one hour after creation); start the upload over");
    }
    Purpose purpose = Purpose.fromValue(journal.purpose());
    checkMimeType(purpose, checkFilename(journal.filename()), journal.mimeType());
    int concurrency = checkConcurrency(request.concurrency().orElse(defaultConcurrency));
    PartPlan plan = PartPlanner.plan(size, limits, java.util.OptionalLong.of(journal.partSize()), concurrency);
    if (plan.partCount() != journal.partCount()) {
      throw new UploadValidationException(UploadValidationException.Code.SOURCE_CHANGED, "journal", journalPath, what + " plans "
          + journal.partCount() + " parts but the file needs " + plan.partCount() + ": start the upload over");
    }
    checkStoredParts(journal, path, plan);
    boolean md5 = request.md5().orElse(defaultMd5);
    ContentInspector inspector = request.contentChecks()
        ? ContentInspectors.forUpload(purpose, MimeTypes.bare(journal.mimeType())) : null;
    return new ValidatedUpload(open(request, md5, inspector), purpose, journal.filename(), journal.mimeType(), plan,
        concurrency, md5, null, request.retryPolicy().orElse(defaultRetryPolicy),
        request.listener().orElse(new UploadListener() { }), journalPath, journal, inspector, checkDeadline(request));
  }

  private int checkConcurrency(int concurrency) {
    if (concurrency < 1 || concurrency > limits.maxConcurrency()) {
      throw new UploadValidationException("concurrency", concurrency, "concurrency " + concurrency
          + " is not allowed: it must be 1 to " + limits.maxConcurrency());
    }
    return concurrency;
  }

  private long checkSize(UploadRequest.Source source) {
    long size;
    String what;
    if (source instanceof UploadRequest.FileSource file) {
      Path path = file.path();
      what = "file " + path;
      if (!Files.exists(path)) {
        throw new UploadValidationException("path", path, "file " + path + " does not exist");
      }
      if (Files.isDirectory(path)) {
        throw new UploadValidationException("path", path, path + " is a directory: give a regular file");
      }
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new UploadValidationException("path", path, "file " + path + " is not a readable regular file");
      }
      try {
        size = Files.size(path);
      } catch (IOException e) {
        throw new UploadValidationException("path", path, "the size of " + path + " cannot be read: " + e.getMessage());
      }
    } else if (source instanceof UploadRequest.BytesSource bytes) {
      what = "the byte buffer";
      size = bytes.buffer().remaining();
    } else {
      UploadRequest.StreamSource stream = (UploadRequest.StreamSource) source;
      what = "the stream";
      size = stream.length();
      if (size < 0) {
        throw new UploadValidationException("length", size,
            "stream length " + size + " is negative: give the exact number of bytes the stream holds, 1 to "
                + limits.maxUploadBytes());
      }
    }
    if (size == 0) {
      throw new UploadValidationException("size", 0L, what + " is empty: an upload needs at least 1 byte");
    }
    if (size > limits.maxUploadBytes()) {
      throw new UploadValidationException("size", size, what + " has " + size + " bytes ("
          + Sizes.describe(size) + "), more than the " + limits.maxUploadBytes() + " bytes ("
          + Sizes.describe(limits.maxUploadBytes()) + ") an Upload accepts");
    }
    return size;
  }

  private static String checkFilename(UploadRequest request) {
    String filename = request.filename().orElse(null);
    if (filename == null && request.source() instanceof UploadRequest.FileSource file) {
      filename = file.path().getFileName() == null ? null : FileNames.of(file.path());
    }
    return checkFilename(filename);
  }

  /** Checks a filename, given or read from a journal or paused upload (which may have been tampered with). */
  private static String checkFilename(String filename) {
    if (filename == null || filename.isBlank()) {
      throw new UploadValidationException("filename", filename,
          "filename is blank: give the name the File should have, for example data.jsonl");
    }
    if (filename.contains("/") || filename.contains("\\")) {
      throw new UploadValidationException("filename", filename, "filename '" + filename
          + "' contains a path separator: give a plain name such as " + lastSegment(filename));
    }
    for (int i = 0; i < filename.length(); i++) {
      if (Character.isISOControl(filename.charAt(i))) {
        throw new UploadValidationException("filename", filename, "filename contains the control character U+"
            + String.format("%04X", (int) filename.charAt(i)) + " at index " + i + ": use printable characters only");
      }
    }
    if (filename.length() > 255) {
      throw new UploadValidationException("filename", filename,
          "filename has " + filename.length() + " characters: at most 255 are allowed");
    }
    return filename;
  }

  private static String lastSegment(String filename) {
    String last = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
    return last.isBlank() ? "data.jsonl" : last;
  }

  static String checkMimeType(Purpose purpose, String filename, String given) {
    String extension = MimeTypes.extension(filename);
    List<String> forExtension = MimeTypes.typesFor(extension);
    if (given != null) {
      String bare = MimeTypes.bare(given);
      if (bare.isEmpty() || !bare.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
        throw new UploadValidationException("mimeType", given, "MIME type '" + given
            + "' is not of the form type/subtype, for example text/jsonl");
      }
      if (!MimeTypes.accepts(purpose, bare)) {
        throw new UploadValidationException("mimeType", given, "MIME type " + bare + " is not accepted for purpose "
            + purpose + ": allowed are " + String.join(", ", MimeTypes.typesAccepted(purpose)));
      }
      if (!forExtension.isEmpty() && !forExtension.contains(bare)) {
        throw new UploadValidationException("mimeType", given, "MIME type " + bare + " contradicts the extension ."
            + extension + " of '" + filename + "', which means " + String.join(" or ", forExtension));
      }
      return given.trim();
    }
    if (forExtension.isEmpty()) {
      if (MimeTypes.acceptsAny(purpose)) {
        return "application/octet-stream";
      }
      throw new UploadValidationException("mimeType", null, "the MIME type of '" + filename
          + "' cannot be inferred from its extension: purpose " + purpose + " accepts the extensions "
          + String.join(", ", MimeTypes.extensionsFor(purpose)) + ", or give a MIME type");
    }
    String inferred = forExtension.get(0);
    if (!MimeTypes.accepts(purpose, inferred)) {
      throw new UploadValidationException("mimeType", inferred, "'" + filename + "' is " + inferred
          + ", which purpose " + purpose + " does not accept: allowed extensions are "
          + String.join(", ", MimeTypes.extensionsFor(purpose)));
    }
    return inferred;
  }

  private long checkExpiresAfter(Duration expiresAfter) {
    if (expiresAfter.compareTo(limits.minExpiresAfter()) < 0
        || expiresAfter.compareTo(limits.maxExpiresAfter()) > 0
        || expiresAfter.getNano() != 0) {
      String seconds = expiresAfter.getNano() == 0 ? String.valueOf(expiresAfter.getSeconds())
          : String.valueOf(expiresAfter.toNanos() / 1e9);
      throw new UploadValidationException("expiresAfter", expiresAfter, "expires_after of "
          + seconds + " seconds is not allowed: it must be a whole number of seconds from "
          + limits.minExpiresAfter().getSeconds() + " (1 hour) to " + limits.maxExpiresAfter().getSeconds()
          + " (30 days)");
    }
    return expiresAfter.getSeconds();
  }
}
