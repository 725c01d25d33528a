package io.github.uploadkit.openai.uploads;

import org.jspecify.annotations.Nullable;

/**
 * A request that cannot be uploaded, found before any network call. The message names the value
 * and what is allowed; {@link #field()} names the setting at fault.
 */
public class UploadValidationException extends IllegalArgumentException {
  private final String field;
  private final transient Object rejectedValue;

  /** Creates the exception for one rejected setting. */
  public UploadValidationException(String field, @Nullable Object rejectedValue, String message) {
    super(message);
    this.field = field;
    this.rejectedValue = rejectedValue;
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
