package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.MalformedResponseException;
import io.github.uploadkit.openai.uploads.UploadException.Reason;

/** Why an upload stopped: the first failure recorded decides how it ends. */
record Failure(Reason reason, Integer part, int attempts, String detail, Throwable cause) {
  static Failure of(Reason reason, String detail, Throwable cause) {
    return new Failure(reason, null, 0, detail, cause);
  }

  /**
   * A failure nobody planned for: a response the spec forbids is the API's fault and says what
   * was wrong; anything else (a bug, an {@code Error}) is a local one.
   */
  static Failure unexpected(Integer part, int attempts, Throwable error) {
    return error instanceof MalformedResponseException
        ? new Failure(Reason.API_ERROR, part, attempts, error.getMessage(), error)
        : new Failure(Reason.LOCAL_ERROR, part, attempts, "unexpected error: " + error, error);
  }
}
