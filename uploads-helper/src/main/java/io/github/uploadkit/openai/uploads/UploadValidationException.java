package io.github.uploadkit.openai.uploads;

import org.jspecify.annotations.Nullable;

/**
 * A request that cannot be uploaded, found before any network call. The message names the value
 * and what is allowed; {@link #field()} names the setting at fault and {@link #code()} the kind of
 * problem, for a program to act on (a command line offering to resume, say) without reading the
 * message.
 */
public class UploadValidationException extends IllegalArgumentException {
  /** The kind of problem. */
  public enum Code {
    /** A setting is not allowed (size, MIME type, part size, concurrency, ...). */
    INVALID_SETTING,
    /** The source cannot be read. */
    SOURCE_UNREADABLE,
    /** A journal of an unfinished upload exists where a new upload would keep its journal: resume it or start over. */
    JOURNAL_EXISTS,
    /** There is no journal to resume from. */
    JOURNAL_MISSING,
    /** The file is not a journal of this library, or it is corrupt, unreadable or of another version. */
    JOURNAL_INVALID,
    /** Another upload holds the journal's lock. */
    JOURNAL_IN_USE,
    /** The source is not what the journal's upload was sending: start the upload over. */
    SOURCE_CHANGED,
    /** The journal's Upload expired on the server: start the upload over. */
    UPLOAD_EXPIRED
  }

  private final Code code;
  private final String field;
  private final transient Object rejectedValue;

  /** Creates the exception for one rejected setting, of code {@link Code#INVALID_SETTING}. */
  public UploadValidationException(String field, @Nullable Object rejectedValue, String message) {
    this(Code.INVALID_SETTING, field, rejectedValue, message);
  }

  /** Creates the exception for one rejected setting, with the kind of problem. */
  public UploadValidationException(Code code, String field, @Nullable Object rejectedValue, String message) {
    super(message);
    this.code = code;
    this.field = field;
    this.rejectedValue = rejectedValue;
  }

  /** The kind of problem. */
  public Code code() {
    return code;
  }

  /** The setting at fault, for example {@code partSize} or {@code mimeType}. */
  public String field() {
    return field;
  }

  /** The value that was refused; may be null. */
  public @Nullable Object rejectedValue() {
    return rejectedValue;
  }
}
