package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pass over a source's bytes in order, a chunk at a time, feeding the md5 (when on) and the
 * content checks (when any) from the same buffer, with no copy. A step reads one chunk, so many
 * scans can share a few threads; given a helper executor, a step runs the checks on a second
 * thread while this one computes the md5, so the two cost the time of the slower one.
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

  /** The bytes not yet read. */
  long remaining() {
    return size - position;
  }

  /** Reads the chunk of at most {@code max} bytes at {@code position}; never empty. */
  abstract ByteBuffer read(long position, int max) throws IOException;

  /**
   * Scans the next chunk, the checks on {@code helper} (when not null) beside the md5; returns
   * false once every byte was scanned. Whatever a check throws, {@code Error} included, is thrown
   * here; no thread is left waiting.
   */
  final boolean step(Executor helper) throws IOException {
    if (position >= size) {
      return false;
    }
    ByteBuffer chunk = read(position, (int) Math.min(CHUNK, size - position));
    int length = chunk.remaining();
    if (inspector != null && md5 != null && helper != null) {
      inBoth(chunk, helper);
    } else {
      if (inspector != null) {
        inspector.accept(chunk);
      }
      if (md5 != null) {
        md5.update(chunk);
      }
    }
    position += length;
    return position < size;
  }

  /**
   * Offers the checks to a helper thread, computes the md5 here, then runs the checks here too
   * unless a helper has started them (then waits for it, which is busy with them): never a wait
   * for a thread that is not working on this chunk.
   */
  private void inBoth(ByteBuffer chunk, Executor helper) throws IOException {
    ByteBuffer forChecks = chunk.duplicate();
    FutureTask<Void> checks = new FutureTask<>(() -> inspector.accept(forChecks), null);
    try {
      helper.execute(checks);
    } catch (RejectedExecutionException refused) {
      // run below, on this thread
    }
    md5.update(chunk);
    checks.run(); // a no-op when a helper has taken it
    try {
      checks.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while the content checks ran");
    }
  }

  /** The md5 in lowercase hex once every byte was scanned; null when it is off. */
  final String md5() {
    return md5 == null ? null : Md5.hex(md5);
  }

  /** Scans what is left on this thread, stopping early when {@code stop} says so. */
  final String runToEnd(java.util.function.BooleanSupplier stop) throws IOException {
    try (this) {
      while (step(null)) {
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
