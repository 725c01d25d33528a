package io.github.uploadkit.openai.uploads;

/**
 * A file whose content does not fit its purpose or MIME type: a JSONL line that is not a valid
 * request, bytes that are not the declared type, text that is not UTF-8. The {@link #report()}
 * lists where.
 */
public final class ContentCheckException extends UploadValidationException {
  private final transient ContentReport report;

  public ContentCheckException(String filename, ContentReport report) {
    super("content", filename, filename + " failed the content checks: " + report.describe());
    this.report = report;
  }

  /** What the checks found. */
  public ContentReport report() {
    return report;
  }
}
