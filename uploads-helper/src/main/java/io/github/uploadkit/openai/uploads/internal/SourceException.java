package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;

/** The source cannot give the bytes it promised: it changed, shrank, or failed to read. Never retried. */
final class SourceException extends IOException {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
