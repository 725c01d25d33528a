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
 * the attempt fails or the body is written again.
 */
final class CountingRequestBody extends RequestBody {
  interface Counter {
    void bytes(long delta);
  }

  private final RequestBody delegate;
  private final Counter counter;
  private long counted;

  CountingRequestBody(RequestBody delegate, Counter counter) {
    this.delegate = delegate;
    this.counter = counter;
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
    BufferedSink counting = Okio.buffer(new ForwardingSink(sink) {
      @Override
      public void write(Buffer source, long byteCount) throws IOException {
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

  /** Takes back what this body reported, after a failed attempt. */
  synchronized void takeBack() {
    if (counted != 0) {
      counter.bytes(-counted);
      counted = 0;
    }
  }
}
