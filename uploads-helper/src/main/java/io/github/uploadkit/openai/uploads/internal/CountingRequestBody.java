package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * Reports the bytes of a part as they are written to the connection, and takes them back when
 * the attempt fails or the body is written again; keeps the CRC32C of the bytes of the last
 * write, which a journal records so that a resume can tell whether the stored part still matches
 * the file.
 */
final class CountingRequestBody extends RequestBody {
  interface Counter {
    void bytes(long delta);
  }

  private final RequestBody delegate;
  private final Counter counter;
  private long counted;
  private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
  private final java.io.OutputStream crcStream = new java.io.OutputStream() {
    @Override
    public void write(int b) {
      crc.update(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }
  };

  private final boolean checksum;

  /** Counts {@code delegate}'s bytes; keeps their CRC32C too when {@code checksum} (a journal records it). */
  CountingRequestBody(RequestBody delegate, Counter counter, boolean checksum) {
    this.delegate = delegate;
    this.counter = counter;
    this.checksum = checksum;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    takeBack();
    synchronized (this) {
      crc.reset();
    }
    BufferedSink counting = Okio.buffer(new ForwardingSink(sink) {
      @Override
      public void write(Buffer source, long byteCount) throws IOException {
        if (checksum) {
          synchronized (CountingRequestBody.this) {
            source.copyTo(crcStream, 0, byteCount);
          }
        }
        super.write(source, byteCount);
        add(byteCount);
      }
    });
    delegate.writeTo(counting);
    counting.emit();
  }

  private synchronized void add(long delta) {
    counted += delta;
    counter.bytes(delta);
  }

  /** The CRC32C of the bytes of the last write, as 8 lowercase hex digits. */
  synchronized String crc32c() {
    return String.format("%08x", crc.getValue());
  }

  /** Takes back what this body reported, after a failed attempt. */
  synchronized void takeBack() {
    if (counted != 0) {
      counter.bytes(-counted);
      counted = 0;
    }
  }
}
