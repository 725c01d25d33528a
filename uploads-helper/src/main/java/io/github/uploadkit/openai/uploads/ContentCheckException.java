package io.github.uploadkit.openai.uploads;

import org.jspecify.annotations.Nullable;

/**
 * An upload stopped because the file's content does not fit its purpose or MIME type: a JSONL line
 * that is not a valid request, bytes that are not the declared type, text that is not UTF-8. It is
 * an {@link UploadException} with reason {@code CONTENT_INVALID} (the Upload, if one was created,
 * was cancelled before completion); {@link #report()} lists where. {@link Uploader#check} returns
 * the same report without uploading.
 */
public final class ContentCheckException extends UploadException {
  private final transient ContentReport report;

  /** Creates the exception; {@code uploadId} is null when no Upload was created. */
  public ContentCheckException(@Nullable String uploadId, boolean cancelledOnServer, @Nullable String detail,
      ContentReport report) {
    super(Reason.CONTENT_INVALID, uploadId, null, 0, cancelledOnServer, detail, null);
    this.report = report;
  }

  /** What the checks found. */
  public ContentReport report() {
    return report;
  }
}
