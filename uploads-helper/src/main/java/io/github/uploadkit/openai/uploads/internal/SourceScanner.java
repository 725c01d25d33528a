package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * One pass over a source's bytes in order, a chunk at a time, feeding the md5 (when on) and the
 * content checks (when any). A step reads one chunk, so many scans can share a few threads.
 */
abstract class SourceScanner implements Closeable {
  static final int CHUNK = 1 << 20;

  private final MessageDigest md5;
  private final ContentInspector inspector;
  private final long size;
  private long position;

  SourceScanner(long size, boolean digest, ContentInspector inspector) {
    this.size = size;
    this.md5 = digest ? Md5.newDigest() : null;
    this.inspector = inspector;
  }

  /** Reads the chunk of at most {@code max} bytes at {@code position}; never empty. */
  abstract ByteBuffer read(long position, int max) throws IOException;

  /** Scans the next chunk; returns false once every byte was scanned. */
  final boolean step() throws IOException {
    if (position >= size) {
      return false;
    }
    ByteBuffer chunk = read(position, (int) Math.min(CHUNK, size - position));
    int length = chunk.remaining();
    if (inspector != null) {
      inspector.accept(chunk);
    }
    if (md5 != null) {
      md5.update(chunk);
    }
    position += length;
    return position < size;
  }

  /** The md5 in lowercase hex once every byte was scanned; null when it is off. */
  final String md5() {
    return md5 == null ? null : Md5.hex(md5);
  }

  /** Scans what is left on this thread, stopping early when {@code stop} says so. */
  final String runToEnd(java.util.function.BooleanSupplier stop) throws IOException {
    try (this) {
      while (step()) {
        if (stop.getAsBoolean()) {
          return null;
        }
      }
      return md5();
    }
  }

  @Override
  public void close() throws IOException {
  }
}
