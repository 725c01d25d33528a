package io.github.uploadkit.openai.uploads.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record of an unfinished upload of a file, kept so that another process can resume it: the
 * Upload id and expiry, the source's fingerprint, the part plan and every stored part's id. It is
 * rewritten atomically (a temporary file, forced to disk, then moved over) after every part.
 */
public final class UploadJournal {
  /** The format version this code reads and writes. */
  public static final int VERSION = 1;

  private static final JsonAdapter<State> ADAPTER = new Moshi.Builder().build().adapter(State.class).indent("  ");

  /** The journal's contents. */
  public record State(
      @Json(name = "version") int version,
      @Json(name = "upload_id") String uploadId,
      @Json(name = "expires_at") long expiresAt,
      @Json(name = "source") SourceFingerprint source,
      @Json(name = "filename") String filename,
      @Json(name = "purpose") String purpose,
      @Json(name = "mime_type") String mimeType,
      @Json(name = "part_size") long partSize,
      @Json(name = "part_count") int partCount,
      @Json(name = "parts") Map<String, String> parts) {
  }

  private final Path file;
  private final State header;
  private final TreeMap<Integer, String> parts = new TreeMap<>();

  private UploadJournal(Path file, State header) {
    this.file = file;
    this.header = header;
    if (header.parts() != null) {
      header.parts().forEach((number, id) -> parts.put(Integer.parseInt(number), id));
    }
  }

  /** Starts a journal for a new Upload and writes it. */
  static UploadJournal create(Path file, String uploadId, long expiresAt, SourceFingerprint source,
      ValidatedUpload upload) throws IOException {
    UploadJournal journal = new UploadJournal(file, new State(VERSION, uploadId, expiresAt, source, upload.filename(),
        upload.purpose().value(), upload.mimeType(), upload.plan().partSize(), upload.plan().partCount(), Map.of()));
    journal.write();
    return journal;
  }

  /**
   * Reads a journal.
   *
   * @throws UploadValidationException if it is missing, corrupt, or from another format version
   */
  public static UploadJournal read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UploadValidationException("journal", file, "no journal at " + file
          + ": there is no unfinished upload to resume; upload without resuming");
    } catch (IOException e) {
      throw new UploadValidationException("journal", file, "the journal " + file + " cannot be read: " + e.getMessage());
    }
    State state;
    try {
      Object version = new Moshi.Builder().build().adapter(Map.class).fromJson(text).get("version");
      if (version instanceof Number number && number.intValue() != VERSION) {
        throw new UploadValidationException("journal", file, "the journal " + file + " has format version "
            + number.intValue() + ", but this version of the tool reads version " + VERSION + ": start the upload over");
      }
      state = ADAPTER.fromJson(text);
    } catch (UploadValidationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(file, e.getMessage());
    }
    if (state == null || state.version() != VERSION) {
      throw corrupt(file, "it has no format version");
    }
    if (state.uploadId() == null || state.source() == null || state.partSize() < 1 || state.partCount() < 1
        || state.filename() == null || state.purpose() == null || state.mimeType() == null) {
      throw corrupt(file, "fields are missing");
    }
    UploadJournal journal;
    try {
      journal = new UploadJournal(file, state);
    } catch (NumberFormatException e) {
      throw corrupt(file, "a part number is not a number");
    }
    if (journal.parts.keySet().stream().anyMatch(n -> n < 1 || n > state.partCount())
        || journal.parts.containsValue(null)) {
      throw corrupt(file, "a part number is outside 1.." + state.partCount() + " or has no id");
    }
    return journal;
  }

  private static UploadValidationException corrupt(Path file, String why) {
    return new UploadValidationException("journal", file, "the journal " + file + " is corrupt (" + why
        + "): delete it and start the upload over");
  }

  public Path file() {
    return file;
  }

  public String uploadId() {
    return header.uploadId();
  }

  public long expiresAt() {
    return header.expiresAt();
  }

  public SourceFingerprint source() {
    return header.source();
  }

  public String filename() {
    return header.filename();
  }

  public String purpose() {
    return header.purpose();
  }

  public String mimeType() {
    return header.mimeType();
  }

  public long partSize() {
    return header.partSize();
  }

  public int partCount() {
    return header.partCount();
  }

  /** The stored parts: part number to part id. */
  public synchronized Map<Integer, String> parts() {
    return Map.copyOf(parts);
  }

  /** Records a stored part and rewrites the journal. */
  synchronized void recordPart(int number, String partId) throws IOException {
    parts.put(number, partId);
    write();
  }

  /** Removes the journal; an upload that completed or was cancelled has nothing to resume. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a journal left behind is refused on resume because its Upload is gone
    }
  }

  private void write() throws IOException {
    TreeMap<String, String> byNumber = new TreeMap<>();
    parts.forEach((number, id) -> byNumber.put(String.valueOf(number), id));
    State state = new State(VERSION, header.uploadId(), header.expiresAt(), header.source(), header.filename(),
        header.purpose(), header.mimeType(), header.partSize(), header.partCount(), byNumber);
    Path parent = file.toAbsolutePath().getParent();
    Path temporary = parent.resolve(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(StandardCharsets.UTF_8.encode(ADAPTER.toJson(state)));
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
