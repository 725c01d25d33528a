package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import okhttp3.RequestBody;

/**
 * A stream read once, in part order, each part into a buffer of its own that lives until the part
 * is stored; the md5 and the content checks see the bytes as they are read. The engine bounds how
 * many such buffers exist at once. {@link #scanner} reads the whole stream without sending it,
 * for checking alone.
 */
final class StreamPartSource implements PartSource {
  private final InputStream stream;
  private final long length;
  private final MessageDigest digest;
  private final ContentInspector inspector;
  private final Object turn = new Object();
  private int nextPart = 1;
  private long bytesRead;

  StreamPartSource(InputStream stream, long length, boolean digest, ContentInspector inspector) {
    this.stream = stream;
    this.length = length;
    this.digest = digest ? Md5.newDigest() : null;
    this.inspector = inspector;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public RequestBody body(PartRange part, BooleanSupplier stop) throws IOException {
    byte[] bytes = new byte[(int) part.length()];
    synchronized (turn) {
      while (nextPart != part.number()) {
        if (stop.getAsBoolean()) {
          throw new InterruptedIOException("stopped while waiting to read part " + part.number());
        }
        try {
          turn.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting to read part " + part.number());
        }
      }
      readFully(bytes, (int) part.length());
      if (digest != null) {
        digest.update(bytes, 0, (int) part.length());
      }
      if (inspector != null) {
        inspector.accept(java.nio.ByteBuffer.wrap(bytes, 0, (int) part.length()));
      }
      nextPart++;
      turn.notifyAll();
    }
    return PartBodies.bytes(bytes, 0, (int) part.length());
  }

  private void readFully(byte[] bytes, int count) throws SourceException {
    int filled = 0;
    try {
      while (filled < count) {
        int read = stream.read(bytes, filled, count - filled);
        if (read < 0) {
          throw new SourceException("the stream ended after " + (bytesRead + filled)
              + " bytes, but its declared length is " + length + " bytes");
        }
        filled += read;
      }
    } catch (SourceException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceException("reading the stream failed after " + (bytesRead + filled) + " bytes: " + e.getMessage(), e);
    }
    bytesRead += count;
  }

  @Override
  public boolean sequentialOnly() {
    return true;
  }

  @Override
  public SourceScanner scanner() {
    byte[] chunk = new byte[SourceScanner.CHUNK];
    return new SourceScanner(length, digest != null, inspector) {
      @Override
      java.nio.ByteBuffer read(long position, int max) throws IOException {
        readFully(chunk, max);
        return java.nio.ByteBuffer.wrap(chunk, 0, max);
      }
    };
  }

  @Override
  public String digestOfReadBytes() {
    synchronized (turn) {
      if (digest == null) {
        return null;
      }
      if (bytesRead != length) {
        throw new IllegalStateException("only " + bytesRead + " of " + length + " bytes were read");
      }
      return Md5.hex(digest);
    }
  }
}
