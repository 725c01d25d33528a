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
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record of an unfinished upload of a file, kept so that another process can resume it: the
 * Upload id and expiry, the source's fingerprint, the part plan, and every stored part's id and
 * CRC32C. It is rewritten atomically after every part: a new temporary file of its own (created
 * exclusively, never through a link) in the journal's folder, forced to disk, then moved over.
 * Only a regular file of at most {@link #MAX_BYTES} that parses as a journal is ever read,
 * replaced or deleted.
 *
 * <p>Public, with its {@link State} and {@link SourceFingerprint}, because Moshi reads and writes
 * records through public accessors, and because a paused upload ({@code ResumableUpload}) is kept
 * in the same format: it parses, formats and saves its text here. Nothing else outside this
 * package uses it.
 */
public final class UploadJournal {
  /** The format version this code reads and writes. */
  public static final int VERSION = 2;
  /** The largest journal read: 10,000 parts take about 1 MiB. */
  public static final long MAX_BYTES = 4L * 1024 * 1024;

  private static final JsonAdapter<State> ADAPTER = new Moshi.Builder().build().adapter(State.class).indent("  ");

  /** The journal's contents. */
  public record State(
      @Json(name = "version") int version,
      @Json(name = "upload_id") String uploadId,
      @Json(name = "created_at") long createdAt,
      @Json(name = "expires_at") long expiresAt,
      @Json(name = "completion_sent") boolean completionSent,
      @Json(name = "source") SourceFingerprint source,
      @Json(name = "filename") String filename,
      @Json(name = "purpose") String purpose,
      @Json(name = "mime_type") String mimeType,
      @Json(name = "part_size") long partSize,
      @Json(name = "part_count") int partCount,
      @Json(name = "parts") Map<String, String> parts,
      @Json(name = "checksums") Map<String, String> checksums) {
  }

  private final Path file;
  private final State header;
  private final TreeMap<Integer, String> parts = new TreeMap<>();
  private final TreeMap<Integer, String> checksums = new TreeMap<>();
  private boolean completionSent;
  private boolean deleted;
  /** The {@link #identity} of the file this journal last wrote; empty before its first write. */
  private List<Object> written = List.of();

  private UploadJournal(Path file, State header) {
    this.file = file;
    this.header = header;
    this.completionSent = header.completionSent();
    if (header.parts() != null) {
      header.parts().forEach((number, id) -> parts.put(Integer.parseInt(number), id));
    }
    if (header.checksums() != null) {
      header.checksums().forEach((number, crc) -> checksums.put(Integer.parseInt(number), crc));
    }
  }

  /** Starts a journal for a new Upload and writes it. */
  static UploadJournal create(Path file, String uploadId, long createdAt, long expiresAt, SourceFingerprint source,
      ValidatedUpload upload) throws IOException {
    UploadJournal journal = new UploadJournal(file, new State(VERSION, uploadId, createdAt, expiresAt, false, source,
        upload.filename(),
        upload.purpose().value(), upload.mimeType(), upload.plan().partSize(), upload.plan().partCount(), Map.of(),
        Map.of()));
    journal.write();
    return journal;
  }

  /**
   * Reads a journal.
   *
   * @throws UploadValidationException if it is missing, corrupt, or from another format version
   */
  public static UploadJournal read(Path file) {
    if (JournalLock.isLockFile(file)) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", file, JournalLock.notAJournal(file)
          + ": give the path of a journal");
    }
    String text;
    try {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", file, file + " is not a regular file, so it is not a journal"
            + " of this tool: give the path of a journal");
      }
      if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", file, file + " has " + Files.size(file) + " bytes, more than"
            + " a journal of this tool ever has (" + MAX_BYTES + "): give the path of a journal");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_MISSING, "journal", file, "no journal at " + file
          + ": there is no unfinished upload to resume; upload without resuming");
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", file, "the journal " + file + " cannot be read: " + e.getMessage());
    }
    return new UploadJournal(file, parse(text, "journal", file, "the journal " + file));
  }

  /**
   * Parses a journal's text, as a journal file or a paused upload holds it; {@code what} names it
   * in messages, {@code field} and {@code value} in the exception.
   *
   * @throws UploadValidationException if it is corrupt or from another format version
   */
  public static State parse(String text, String field, Object value, String what) {
    if (text.length() > MAX_BYTES) {
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, field, value, what + " has " + text.length() + " characters, more than a"
          + " journal of this tool ever has (" + MAX_BYTES + ")");
    }
    State state;
    try {
      Object version = new Moshi.Builder().build().adapter(Map.class).fromJson(text).get("version");
      if (version instanceof Number number && number.intValue() != VERSION) {
        throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, field, value, what + " has format version "
            + number.intValue() + ", but this version of the tool reads version " + VERSION + ": start the upload over");
      }
      state = ADAPTER.fromJson(text);
    } catch (UploadValidationException e) {
      throw e;
    } catch (com.squareup.moshi.JsonEncodingException e) {
      // Moshi's message suggests a lenient reader, which is no advice for a person
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, field, value,
          value instanceof Path file ? file + " is not a journal of this tool (it is not JSON): give the path of a"
              + " journal; it was left as it is" : what + " is not JSON: give the text ResumableUpload.toJson() gave");
    } catch (IOException | RuntimeException e) {
      throw corrupt(field, value, what, e.getMessage());
    }
    if (state == null || state.version() != VERSION) {
      throw corrupt(field, value, what, "it has no format version");
    }
    if (state.uploadId() == null || state.source() == null || state.partSize() < 1 || state.partCount() < 1
        || state.filename() == null || state.purpose() == null || state.mimeType() == null) {
      throw corrupt(field, value, what, "fields are missing");
    }
    if (!UploadIds.plain(state.uploadId())) { // it goes into request paths; not quoted, as it may hold anything
      throw corrupt(field, value, what, "its Upload id is not one: " + UploadIds.ALLOWED);
    }
    UploadJournal journal;
    try {
      journal = new UploadJournal(null, state);
    } catch (NumberFormatException e) {
      throw corrupt(field, value, what, "a part number is not a number");
    }
    if (journal.parts.keySet().stream().anyMatch(n -> n < 1 || n > state.partCount())
        || journal.parts.containsValue(null) || !journal.checksums.keySet().equals(journal.parts.keySet())) {
      throw corrupt(field, value, what, "a part number is outside 1.." + state.partCount()
          + ", or has no id or no checksum");
    }
    return state;
  }

  /** The text of a journal's contents, as a journal file holds it. */
  public static String format(State state) {
    return ADAPTER.toJson(state);
  }

  /**
   * Writes {@code state} to {@code file} as a journal is written (atomically, through a new
   * temporary file of its own); a file there that is not a journal of this tool is left as it is.
   *
   * @throws IOException if it cannot be written, or a file that is not a journal is in the way
   */
  public static void save(Path file, State state) throws IOException {
    new UploadJournal(file, state).write();
  }

  /** A journal that is kept in memory only, for a paused upload resumed without a journal file. */
  static UploadJournal detached(State state) {
    return new UploadJournal(null, state);
  }

  /**
   * For a fresh start over an unfinished upload: takes the journal's lock, reads it (so only a
   * journal is ever deleted), hands its Upload id to {@code cancel} (best effort), and deletes it.
   *
   * @throws UploadValidationException if another upload holds the journal, or the file is not a
   *     journal of this tool (it is then left as it is)
   */
  @SuppressWarnings("try") // the lock is held for the block, not used in it
  public static void discard(Path file, java.util.function.Consumer<String> cancel) {
    if (!isJournal(file)) { // before the lock, so that no lock file is made in the folder of what is not a journal
      throw new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, "journal", file, file
          + " is not a journal of this tool, so it was left as"
          + " it is (only a journal of this tool is deleted): give the path of a journal, or start without --restart");
    }
    try (JournalLock lock = JournalLock.take(file)) {
      UploadJournal journal;
      try {
        journal = read(file);
      } catch (UploadValidationException e) {
        throw new UploadValidationException(e.code(), "journal", file, e.getMessage().replace("delete it and start the upload over",
            "it was left as it is") + " (only a journal of this tool is deleted)");
      }
      cancel.accept(journal.uploadId());
      journal.delete();
    }
  }

  /**
   * Takes the exclusive lock of another file of the state folder (a many-file run's record) the
   * way a journal's is taken: in its folder's one lock file, so nothing is left per file, and
   * through this process's one channel to it, so a refusal never drops another holder's lock.
   *
   * @return the lock, released by closing it; or null when another holder, in this process or
   *     another, has it
   * @throws IOException if it cannot be taken (the folder is missing or its lock file unusable)
   */
  public static java.io.Closeable tryLock(Path file) throws IOException {
    if (JournalLock.isLockFile(file)) {
      throw new IOException(JournalLock.notAJournal(file));
    }
    JournalLock lock = JournalLock.tryTake(file.toAbsolutePath().normalize());
    return lock == null ? null : lock::close;
  }

  /** Whether {@code file} is one of this tool's journals (of any version), so it may be replaced or deleted. */
  public static boolean isJournal(Path file) {
    try {
      if (JournalLock.isLockFile(file) || !Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return false;
      }
      Object parsed = new Moshi.Builder().build().adapter(Object.class).fromJson(Files.readString(file, StandardCharsets.UTF_8));
      return parsed instanceof Map<?, ?> map && map.get("version") instanceof Number && map.get("upload_id") instanceof String
          && map.containsKey("part_size");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static UploadValidationException corrupt(String field, Object value, String what, String why) {
    return new UploadValidationException(UploadValidationException.Code.JOURNAL_INVALID, field, value, what + " is corrupt (" + why
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

  /** When the Upload was created, in Unix seconds. */
  public long createdAt() {
    return header.createdAt();
  }

  /** Whether a completion was sent, so that the File may exist although no answer said so. */
  public synchronized boolean completionSent() {
    return completionSent;
  }

  /** Records, before it is sent, that the completion is about to be sent. */
  synchronized void markCompletionSent() throws IOException {
    completionSent = true;
    write();
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

  /** The CRC32C of each stored part, by part number. */
  public synchronized Map<Integer, String> checksums() {
    return Map.copyOf(checksums);
  }

  /** Records a stored part and the CRC32C of the bytes sent, and rewrites the journal. */
  synchronized void recordPart(int number, String partId, String crc32c) throws IOException {
    parts.put(number, partId);
    checksums.put(number, crc32c);
    write();
  }

  /**
   * Removes the journal, if it is still one; an upload that completed or was cancelled has nothing
   * to resume. No write follows: a part that ends after a cancel is not recorded.
   */
  synchronized void delete() {
    deleted = true;
    if (file == null) {
      return;
    }
    try {
      if (isJournal(file)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a journal left behind is refused on resume because its Upload is gone
    }
  }

  /** The journal's contents now. */
  public synchronized State state() {
    TreeMap<String, String> byNumber = new TreeMap<>();
    parts.forEach((number, id) -> byNumber.put(String.valueOf(number), id));
    TreeMap<String, String> crcByNumber = new TreeMap<>();
    checksums.forEach((number, crc) -> crcByNumber.put(String.valueOf(number), crc));
    return new State(VERSION, header.uploadId(), header.createdAt(), header.expiresAt(), completionSent,
        header.source(), header.filename(), header.purpose(), header.mimeType(), header.partSize(), header.partCount(),
        byNumber, crcByNumber);
  }

  private void write() throws IOException {
    if (deleted || file == null) {
      return; // the upload has ended: there is nothing left to resume
    }
    if (JournalLock.isLockFile(file)) {
      throw new IOException(JournalLock.notAJournal(file) + ": choose another path");
    }
    State state = state();
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !identity(file).equals(written) && !isJournal(file)) {
      throw new IOException(file + " is no longer a journal of this tool, so it is left as it is");
    }
    Path parent = file.toAbsolutePath().getParent();
    // a new file of our own each time: created exclusively, so a link planted in the folder is never followed
    Path temporary = Files.createTempFile(parent, "." + FileNames.forTemporaryName(file) + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        channel.write(StandardCharsets.UTF_8.encode(ADAPTER.toJson(state)));
        channel.force(true);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      written = identity(file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * The file at {@code path} as far as rewriting goes: its file key, size and modification time.
   * While it is still the file this journal last wrote, it need not be read again before the next
   * rewrite; anything else is parsed first. Without a file key (some file systems) it never matches.
   */
  private static List<Object> identity(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.fileKey() == null) {
      return List.of(new Object());
    }
    return List.of(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
  }
}
