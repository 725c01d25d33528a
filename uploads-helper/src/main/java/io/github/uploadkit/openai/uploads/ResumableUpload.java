package io.github.uploadkit.openai.uploads;

import io.github.uploadkit.openai.uploads.internal.UploadJournal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A paused upload, as {@link UploadHandle#pause()} and a drain that pauses give it: what another
 * process needs to continue the same Upload with {@link Uploader#resume(ResumableUpload)}. It
 * holds the Upload's id and expiry, the file's path, size, modification time and a digest of
 * sampled regions, the part plan, and the id and CRC32C of every part the server stored. It is
 * written to and read from a file ({@link #writeTo}, {@link #readFrom}) or a string
 * ({@link #toJson}, {@link #fromJson}); the text is the same as a journal's, so the file can
 * also be given to {@link UploadRequest.Builder#journal(Path)} and resumed as a journal.
 *
 * <p>Immutable and thread-safe. It holds no secret: no key, and no byte of the file. It names the
 * file a resume reads and sends, so keep it where only your service writes, as a journal. A
 * resume refuses it before any request when the file changed or the Upload expired; the Upload
 * expires one hour after its creation ({@link #expiresAt()}), after which only a new upload
 * will do.
 */
public final class ResumableUpload {
  private final UploadJournal.State state;
  private final String json;

  private ResumableUpload(UploadJournal.State state) {
    this.state = state;
    this.json = UploadJournal.format(state);
  }

  /**
   * Reads a paused upload from the text {@link #toJson()} gave.
   *
   * @throws UploadValidationException if the text is not a paused upload of this library, is
   *     corrupt, or is from another format version
   */
  public static ResumableUpload fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return new ResumableUpload(UploadJournal.parse(json, "resumable", null, "the paused upload"));
  }

  /**
   * Reads a paused upload from a file that {@link #writeTo} wrote.
   *
   * @throws UploadValidationException if there is no such file, or it is not a paused upload of
   *     this library (or a journal), is corrupt, or is from another format version
   */
  public static ResumableUpload readFrom(Path file) {
    Objects.requireNonNull(file, "file");
    return new ResumableUpload(UploadJournal.read(file).state());
  }

  /**
   * Writes this paused upload to {@code file}, atomically (through a new temporary file in the
   * same folder, forced to disk, then moved over). A file already there is replaced only if it
   * is a paused upload or journal of this library.
   *
   * @throws IOException if it cannot be written, or another kind of file is in the way (it is
   *     then left as it is)
   */
  public void writeTo(Path file) throws IOException {
    UploadJournal.save(Objects.requireNonNull(file, "file"), state);
  }

  /** This paused upload as text, which {@link #fromJson} reads back. */
  public String toJson() {
    return json;
  }

  /** The id of the pending Upload that a resume continues. */
  public String uploadId() {
    return state.uploadId();
  }

  /** The file being uploaded, as an absolute path. */
  public Path file() {
    return Path.of(state.source().path());
  }

  /** The file's size in bytes when it was paused. */
  public long size() {
    return state.source().size();
  }

  /** The name the File gets. */
  public String filename() {
    return state.filename();
  }

  /** The purpose the Upload was created with. */
  public Purpose purpose() {
    return Purpose.fromValue(state.purpose());
  }

  /** The MIME type the Upload was created with. */
  public String mimeType() {
    return state.mimeType();
  }

  /** The size of each part but the last. */
  public long partSize() {
    return state.partSize();
  }

  /** The number of parts the file is sent in. */
  public int partCount() {
    return state.partCount();
  }

  /** The parts the server stored before the pause: a resume sends only the others. */
  public int partsStored() {
    return state.parts() == null ? 0 : state.parts().size();
  }

  /** When the Upload was created. */
  public Instant createdAt() {
    return Instant.ofEpochSecond(state.createdAt());
  }

  /** When the Upload expires on the server: a resume after it is refused. */
  public Instant expiresAt() {
    return Instant.ofEpochSecond(state.expiresAt());
  }

  /** Whether the Upload has expired at {@code now}, so that it can no longer be resumed. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt());
  }

  UploadJournal.State state() {
    return state;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ResumableUpload that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "ResumableUpload{" + state.uploadId() + ", " + state.source().path() + ", " + partsStored() + " of "
        + state.partCount() + " parts stored, expires " + expiresAt() + "}";
  }
}
