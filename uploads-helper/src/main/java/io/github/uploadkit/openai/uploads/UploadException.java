package io.github.uploadkit.openai.uploads;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * An upload, or a request about one, that did not succeed. It says why ({@link #reason()}),
 * which Upload and part it was at, after how many attempts, and whether the Upload was cancelled
 * on the server so that nothing is left pending. The cause is the last error seen: an
 * {@code OpenAiApiException} when the API refused ({@link #apiError()}, with the HTTP status,
 * error type and code, and request id), an {@code IOException} when the request could not be sent
 * or its answer not read.
 *
 * <p>The exceptions of this library, by meaning: a request that is not allowed is an
 * {@link UploadValidationException} (thrown before anything is sent); a file whose content does
 * not fit is a {@link ContentCheckException}; an upload that failed otherwise is an
 * {@code UploadException}, whose {@link #reason()} and cause say whether the API refused or the
 * network failed.
 */
public class UploadException extends RuntimeException {
  /** Why an upload stopped. */
  public enum Reason {
    /** The API refused a request with an error that retrying does not fix. */
    API_ERROR,
    /** A request kept failing with retryable errors until the retry policy gave up. */
    RETRIES_EXHAUSTED,
    /** The Upload expired on the server before it was completed. */
    EXPIRED,
    /**
     * Local input or output failed: the source changed size or modification time or could not be
     * read, or the journal could not be written.
     */
    SOURCE_ERROR,
    /** The caller cancelled the upload. */
    CANCELLED,
    /** The thread waiting for the upload was interrupted. */
    INTERRUPTED,
    /**
     * The upload was paused ({@link UploadHandle#pause()}, or a drain that pauses): its Upload is
     * left pending, to be continued with {@link Uploader#resume(ResumableUpload)}.
     */
    PAUSED,
    /**
     * Something in this process failed, not the API or the network: the executor refused a
     * request, or an unexpected exception or {@code Error} was thrown; the cause has it.
     */
    LOCAL_ERROR,
    /** The upload's deadline ({@code UploadRequest.deadline}) passed before it completed. */
    DEADLINE_PASSED,
    /** The completed Upload did not match what was sent. */
    VERIFICATION_FAILED,
    /** The file's content failed the checks for its purpose or type; the cause has the report. */
    CONTENT_INVALID
  }

  /** What is known of the Upload on the server once the upload stopped. */
  public enum ServerState {
    /** No Upload was created: nothing was left on the server. */
    NOT_CREATED,
    /**
     * A create was sent but no Upload id came back (the answer had none, or was lost): the server
     * may hold a pending Upload, which expires on its own.
     */
    UNKNOWN,
    /** The Upload was cancelled on the server. */
    CANCELLED,
    /** The Upload is no longer pending (completed, cancelled or expired already): nothing is left to cancel or resume. */
    NOT_PENDING,
    /** The Upload could not be cancelled and is still pending: it expires on its own. */
    PENDING
  }

  private final Reason reason;
  private final String uploadId;
  private final Integer partNumber;
  private final int attempts;
  private final ServerState serverState;

  /**
   * Creates the exception; {@code uploadId} and {@code partNumber} may be null. The Upload is taken
   * as not created without an id, else as cancelled on the server or still pending.
   */
  public UploadException(Reason reason, @Nullable String uploadId, @Nullable Integer partNumber, int attempts,
      boolean cancelledOnServer, @Nullable String detail, @Nullable Throwable cause) {
    this(reason, uploadId, partNumber, attempts, uploadId == null ? ServerState.NOT_CREATED
        : cancelledOnServer ? ServerState.CANCELLED : ServerState.PENDING, detail, cause);
  }

  /** Creates the exception with what is known of the Upload on the server; {@code uploadId} and {@code partNumber} may be null. */
  public UploadException(Reason reason, @Nullable String uploadId, @Nullable Integer partNumber, int attempts,
      ServerState serverState, @Nullable String detail, @Nullable Throwable cause) {
    super(describe(reason, uploadId, partNumber, attempts, serverState, detail), cause);
    this.reason = reason;
    this.uploadId = uploadId;
    this.partNumber = partNumber;
    this.attempts = attempts;
    this.serverState = serverState;
  }

  private static String describe(Reason reason, String uploadId, Integer part, int attempts,
      ServerState state, String detail) {
    StringBuilder text = new StringBuilder("Upload ");
    text.append(uploadId != null ? uploadId : state == ServerState.UNKNOWN ? "(id unknown)" : "(not created)").append(' ');
    boolean cancelledBoth = reason == Reason.CANCELLED && state == ServerState.CANCELLED;
    text.append(switch (reason) {
      case API_ERROR -> "failed";
      case RETRIES_EXHAUSTED -> "gave up";
      case EXPIRED -> "expired";
      case SOURCE_ERROR -> "stopped: the source";
      case CANCELLED -> cancelledBoth ? "was cancelled, on the server too" : "was cancelled";
      case INTERRUPTED -> "was interrupted";
      case PAUSED -> "was paused";
      case LOCAL_ERROR -> "failed here";
      case DEADLINE_PASSED -> "ran out of time";
      case VERIFICATION_FAILED -> "failed verification";
      case CONTENT_INVALID -> "was stopped: the content checks failed";
    });
    if (part != null) {
      text.append(" at part ").append(part);
    }
    if (attempts > 0) {
      text.append(" after ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
    }
    if (detail != null) {
      text.append(": ").append(detail);
    }
    text.append(reason == Reason.PAUSED && state == ServerState.PENDING
        ? " (the Upload is left pending, to be resumed before it expires)" : switch (state) {
      case NOT_CREATED, NOT_PENDING -> ""; // a detail says why it is no longer pending
      case UNKNOWN -> " (no Upload id came back from the create, so the server may hold a pending Upload; it expires"
          + " on its own)";
      case CANCELLED -> cancelledBoth ? "" : " (the Upload was cancelled on the server)";
      case PENDING -> " (the Upload could not be cancelled on the server; it expires on its own)";
    });
    return text.toString();
  }

  /** Why the upload stopped. */
  public Reason reason() {
    return reason;
  }

  /** The Upload's id; empty when it failed before the Upload was created. */
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  /** The 1-based part that failed; empty when no single part was at fault. */
  public OptionalInt partNumber() {
    return partNumber == null ? OptionalInt.empty() : OptionalInt.of(partNumber);
  }

  /** How many times the failing request was tried. */
  public int attempts() {
    return attempts;
  }

  /** The API's refusal behind this failure, if the API refused. */
  public Optional<io.github.uploadkit.openai.client.OpenAiApiException> apiError() {
    for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof io.github.uploadkit.openai.client.OpenAiApiException api) {
        return Optional.of(api);
      }
    }
    return Optional.empty();
  }

  /** Whether the Upload is known to be cancelled on the server. */
  public boolean cancelledOnServer() {
    return serverState == ServerState.CANCELLED;
  }

  /** What is known of the Upload on the server. */
  public ServerState serverState() {
    return serverState;
  }
}
