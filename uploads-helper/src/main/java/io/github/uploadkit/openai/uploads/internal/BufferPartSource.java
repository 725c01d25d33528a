package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.uploads.PartRange;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import okhttp3.RequestBody;

/** Bytes in memory: each part is a view of its slice, never a copy. */
final class BufferPartSource implements PartSource {
  private final ByteBuffer buffer;
  private final boolean digest;
  private final ContentInspector inspector;

  BufferPartSource(ByteBuffer buffer, boolean digest, ContentInspector inspector) {
    this.buffer = buffer.asReadOnlyBuffer();
    this.digest = digest;
    this.inspector = inspector;
  }

  @Override
  public long size() {
    return buffer.remaining();
  }

  @Override
  public RequestBody body(PartRange part, BooleanSupplier stop) {
    return PartBodies.buffer(slice(part.offset(), part.length()));
  }

  private ByteBuffer slice(long offset, long length) {
    ByteBuffer view = buffer.duplicate();
    view.position(buffer.position() + (int) offset);
    view.limit(view.position() + (int) length);
    return view;
  }

  @Override
  public SourceScanner scanner() {
    return new SourceScanner(size(), digest, inspector) {
      @Override
      ByteBuffer read(long position, int max) {
        return slice(position, max);
      }
    };
  }
}
