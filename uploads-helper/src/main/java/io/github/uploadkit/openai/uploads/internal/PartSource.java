package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.PartRange;
import io.github.uploadkit.openai.uploads.UploadRequest;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import okhttp3.RequestBody;

/**
 * Where a part's bytes come from. The engine calls {@link #body} once per part; the body it
 * returns can be written any number of times (a retry sends the same bytes).
 */
interface PartSource {
  /** The number of bytes the source holds. */
  long size();

  /**
   * The body of one part. A stream source reads the part into a buffer of its own, waiting for
   * the parts before it to be read first, and gives up when {@code stop} says so.
   */
  RequestBody body(PartRange part, BooleanSupplier stop) throws IOException;

  /** Throws {@link SourceException} when the source is no longer what it was when opened. */
  default void checkUnchanged() throws SourceException {
  }

  /** Whether the bytes can only be read once, in order, so the md5 comes from {@link #digestOfReadBytes()}. */
  default boolean sequentialOnly() {
    return false;
  }

  /** A pass over all bytes in order, feeding the md5 (when on) and the content checks (when any). */
  SourceScanner scanner() throws IOException;

  /** For a sequential source, the md5 of every byte read, once all parts were read. */
  default String digestOfReadBytes() {
    throw new UnsupportedOperationException();
  }

  /**
   * Opens the source of a request whose size was already checked; {@code inspector} (or null)
   * sees every byte once, in order.
   */
  static PartSource open(UploadRequest.Source source, boolean digest, ContentInspector inspector) throws IOException {
    if (source instanceof UploadRequest.FileSource file) {
      return FilePartSource.open(file.path(), digest, inspector);
    }
    if (source instanceof UploadRequest.BytesSource bytes) {
      return new BufferPartSource(bytes.buffer(), digest, inspector);
    }
    UploadRequest.StreamSource stream = (UploadRequest.StreamSource) source;
    return new StreamPartSource(stream.stream(), stream.length(), digest, inspector);
  }
}
