package io.github.uploadkit.openai.uploads.fake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Reads no faster than a set rate, to make one connection behave like a distant link. */
final class ThrottledInputStream extends FilterInputStream {
  private final long bytesPerSecond;
  private final long startNanos = System.nanoTime();
  private long bytes;

  ThrottledInputStream(InputStream in, long bytesPerSecond) {
    super(in);
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public int read() throws IOException {
    pace(1);
    int b = super.read();
    if (b >= 0) {
      bytes++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int chunk = (int) Math.min(length, Math.max(1, bytesPerSecond / 50));
    pace(chunk);
    int read = super.read(buffer, offset, chunk);
    if (read > 0) {
      bytes += read;
    }
    return read;
  }

  private void pace(long next) throws InterruptedIOException {
    long dueNanos = (long) ((bytes + next) * 1e9 / bytesPerSecond);
    long waitNanos = dueNanos - (System.nanoTime() - startNanos);
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while throttling");
      }
    }
  }
}
