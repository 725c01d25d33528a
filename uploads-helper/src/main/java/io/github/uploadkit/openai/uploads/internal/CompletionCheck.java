package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.model.OpenAIFile;
import io.github.uploadkit.openai.client.model.Upload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the completion's answer against what was sent before success is reported: the answer
 * must be this Upload (its id), with status {@code completed}, the bytes sent, and a File of those
 * bytes. A server that answers with another Upload, a cancelled one or a File of other bytes has
 * not stored this upload, whatever File it names.
 */
final class CompletionCheck {
  private final String uploadId;
  private final long bytesSent;

  /** What was sent: to Upload {@code uploadId}, {@code bytesSent} bytes in all its parts. */
  CompletionCheck(String uploadId, long bytesSent) {
    this.uploadId = uploadId;
    this.bytesSent = bytesSent;
  }

  /**
   * What in {@code answer} does not match what was sent, with the File it names if any, as a
   * detail for the failure; empty when it all matches.
   */
  Optional<String> mismatch(Upload answer) {
    List<String> wrong = new ArrayList<>();
    if (!Objects.equals(answer.id(), uploadId)) {
      wrong.add("it is Upload " + answer.id() + ", not " + uploadId);
    }
    if (answer.status() != Upload.StatusEnum.COMPLETED) {
      wrong.add("its status is " + answer.status() + ", not completed");
    }
    if (answer.bytes() == null || answer.bytes() != bytesSent) {
      wrong.add("it has " + answer.bytes() + " bytes, not the " + bytesSent + " sent");
    }
    OpenAIFile file = answer.file();
    if (file == null || file.id() == null) {
      wrong.add("it names no File");
    } else if (file.bytes() == null || file.bytes() != bytesSent) {
      wrong.add("its File has " + file.bytes() + " bytes, not the " + bytesSent + " sent");
    }
    if (wrong.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("the completion's answer does not match what was sent: " + String.join("; ", wrong)
        + (file != null && file.id() != null ? " (the answer names File " + file.id() + "; do not rely on it)" : ""));
  }
}
