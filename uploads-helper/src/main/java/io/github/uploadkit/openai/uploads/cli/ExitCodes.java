package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.UploadException;

/** The tool's exit codes, and which failure gives which. */
final class ExitCodes {
  static final int OK = 0;
  /** The tool itself failed (an unexpected error, or a request the executor refused). */
  static final int LOCAL = 1;
  /** Wrong usage, invalid input, or a source that changed or could not be read. */
  static final int USAGE = 2;
  /** The API refused a request. */
  static final int API_ERROR = 3;
  /** The network failed, retries ran out, or a deadline passed. */
  static final int NETWORK = 4;
  /** Interrupted (Ctrl-C), cancelled (the Upload was cancelled on the server) or paused (it was left pending). */
  static final int INTERRUPTED = 130;

  private ExitCodes() {
  }

  static int of(UploadException e) {
    return switch (e.reason()) {
      case API_ERROR, EXPIRED, VERIFICATION_FAILED -> e.getCause() instanceof java.io.IOException ? NETWORK : API_ERROR;
      case RETRIES_EXHAUSTED, DEADLINE_PASSED -> NETWORK;
      case SOURCE_ERROR, CONTENT_INVALID -> USAGE;
      case CANCELLED, INTERRUPTED, PAUSED -> INTERRUPTED;
      case LOCAL_ERROR -> LOCAL;
    };
  }
}
