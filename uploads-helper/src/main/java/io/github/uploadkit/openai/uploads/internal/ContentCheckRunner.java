package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.UploadValidationException;
import java.io.IOException;
import java.util.List;

/** Runs a validated upload's content checks alone: one read of the source, nothing sent. */
final class ContentCheckRunner {
  private ContentCheckRunner() {
  }

  public static ContentReport run(ValidatedUpload upload) {
    if (upload.inspector() == null) {
      return new ContentReport(List.of(), 0, 0);
    }
    try {
      upload.source().scanner().runToEnd(() -> false);
    } catch (IOException e) {
      throw new UploadValidationException(UploadValidationException.Code.SOURCE_UNREADABLE, "source", upload.filename(), upload.filename() + " cannot be read: "
          + e.getMessage());
    }
    return upload.inspector().finish();
  }
}
