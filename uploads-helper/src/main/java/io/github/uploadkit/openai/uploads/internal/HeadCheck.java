package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.ContentReport;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspectors;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Runs an upload's content checks over the first {@link ContentInspectors#HEAD_BYTES} of its
 * source before the Upload is created, on checks of their own: what those bytes show (bytes that
 * are not the declared type, a broken first line) refuses the upload with nothing sent, instead
 * of after many parts. The upload's own checks still see every byte while the parts are sent.
 */
final class HeadCheck {
  private HeadCheck() {
  }

  /** What the first bytes show; when they are the whole source, the full report. */
  static ContentReport run(ValidatedUpload upload) throws IOException {
    ContentInspector checks = ContentInspectors.forUpload(upload.purpose(), MimeTypes.bare(upload.mimeType()));
    long length = Math.min(ContentInspectors.HEAD_BYTES, upload.size());
    try (SourceScanner scanner = upload.source().scanner()) {
      for (long position = 0; position < length; ) {
        ByteBuffer chunk = scanner.read(position, (int) (length - position));
        position += chunk.remaining();
        checks.accept(chunk);
      }
    }
    return length == upload.size() ? checks.finish() : checks.found();
  }
}
