package io.github.uploadkit.openai.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body that streams one region of a file each time it is written, so a retry re-reads
 * the same bytes and memory does not grow with the region's size. It fails with an
 * {@link IOException} when the file has become shorter than the region.
 */
final class FileRegionRequestBody extends RequestBody {
  private static final int CHUNK = 64 * 1024;

  private final Path file;
  private final long offset;
  private final long length;
  private final MediaType mediaType;

  FileRegionRequestBody(Path file, long offset, long length, MediaType mediaType) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.mediaType = mediaType;
  }

  @Override
  public MediaType contentType() {
    return mediaType;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IOException(file + " ended at byte " + position + " but the part needs bytes up to "
              + end + ": the file was truncated during the upload");
        }
        buffer.flip();
        sink.write(buffer);
        position += read;
      }
    }
  }

  @Override
  public String toString() {
    return "FileRegionRequestBody{" + file.getFileName() + ", offset=" + offset + ", length=" + length + "}";
  }
}
