package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.uploads.PartRange;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import okhttp3.RequestBody;

/** Bytes in memory: each part is a view of its slice, never a copy. */
final class BufferPartSource implements PartSource {
  private final ByteBuffer buffer;

  BufferPartSource(ByteBuffer buffer) {
    this.buffer = buffer.asReadOnlyBuffer();
  }

  @Override
  public long size() {
    return buffer.remaining();
  }

  @Override
  public RequestBody body(PartRange part, PartBuffer unused, BooleanSupplier stop) {
    return PartBodies.buffer(slice(part.offset(), part.length()));
  }

  private ByteBuffer slice(long offset, long length) {
    ByteBuffer view = buffer.duplicate();
    view.position(buffer.position() + (int) offset);
    view.limit(view.position() + (int) length);
    return view;
  }

  @Override
  public String computeMd5(BooleanSupplier stop) {
    MessageDigest digest = Md5.newDigest();
    digest.update(buffer.duplicate());
    return Md5.hex(digest);
  }
}
