package io.github.uploadkit.openai.uploads;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the uploaded File will be used for; it decides which MIME types are accepted. */
public enum Purpose {
  ASSISTANTS("assistants"),
  BATCH("batch"),
  FINE_TUNE("fine-tune"),
  VISION("vision"),
  USER_DATA("user_data"),
  EVALS("evals");

  private final String value;

  Purpose(String value) {
    this.value = value;
  }

  /** The value the API uses, for example {@code fine-tune}. */
  public String value() {
    return value;
  }

  /**
   * The purpose whose API value is {@code value}.
   *
   * @throws UploadValidationException if no purpose has that value
   */
  public static Purpose fromValue(String value) {
    for (Purpose purpose : values()) {
      if (purpose.value.equals(value)) {
        return purpose;
      }
    }
    throw new UploadValidationException("purpose", value,
        "purpose '" + value + "' is not one of " + allowedValues());
  }

  /** The API values of every purpose, comma-separated. */
  public static String allowedValues() {
    return Arrays.stream(values()).map(Purpose::value).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return value;
  }
}
