package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadException.Reason;

/** Why an upload stopped: the first failure recorded decides how it ends. */
record Failure(Reason reason, Integer part, int attempts, String detail, Throwable cause) {
  static Failure of(Reason reason, String detail, Throwable cause) {
    return new Failure(reason, null, 0, detail, cause);
  }
}
