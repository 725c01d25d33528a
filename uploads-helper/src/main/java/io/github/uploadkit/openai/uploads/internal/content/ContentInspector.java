package io.github.uploadkit.openai.uploads.internal.content;

import io.github.uploadkit.openai.uploads.ContentReport;
import java.nio.ByteBuffer;

/**
 * Checks a file's content as its bytes go by, in order, once: fed the same chunks as the md5,
 * with memory bounded by what one check needs (a line, a header), never by the file.
 */
public interface ContentInspector {
  /** Takes the next bytes; the buffer's position is not changed. */
  void accept(ByteBuffer chunk);

  /** Whether a problem has been found already, so the upload can stop sending parts. */
  boolean failed();

  /**
   * What the bytes seen so far show, whatever follows, without ending the input: no count of
   * lines, and nothing that only the end can tell. A check that decides only at the end finds
   * nothing before it.
   */
  default ContentReport found() {
    return new ContentReport(java.util.List.of(), 0, 0);
  }

  /** Ends the input and returns what was found. */
  ContentReport finish();
}
