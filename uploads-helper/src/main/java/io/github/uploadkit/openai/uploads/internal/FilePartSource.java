package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.client.PartBodies;
import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.function.BooleanSupplier;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import okhttp3.RequestBody;

/** A file: parts stream from their regions, and a change of size or modification time stops the upload. */
final class FilePartSource implements PartSource {
  private final Path path;
  private final long size;
  private final FileTime modified;
  private final boolean digest;
  private final ContentInspector inspector;

  private FilePartSource(Path path, long size, FileTime modified, boolean digest, ContentInspector inspector) {
    this.path = path;
    this.size = size;
    this.modified = modified;
    this.digest = digest;
    this.inspector = inspector;
  }

  static FilePartSource open(Path path, boolean digest, ContentInspector inspector) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    return new FilePartSource(path, attributes.size(), attributes.lastModifiedTime(), digest, inspector);
  }

  Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public RequestBody body(PartRange part, BooleanSupplier stop) {
    return PartBodies.fileRegion(path, part.offset(), part.length());
  }

  @Override
  public void checkUnchanged() throws SourceException {
    BasicFileAttributes now;
    try {
      now = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new SourceException(path + " can no longer be read: " + e.getMessage(), e);
    }
    if (now.size() != size || !now.lastModifiedTime().equals(modified)) {
      throw new SourceException(path + " changed during the upload (size " + size + " -> " + now.size()
          + ", modified " + modified + " -> " + now.lastModifiedTime() + ")");
    }
  }

  @Override
  public SourceScanner scanner() throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    ByteBuffer buffer = ByteBuffer.allocate(SourceScanner.CHUNK); // on the heap: md5 and checks read its array
    return new SourceScanner(size, digest, inspector) {
      @Override
      ByteBuffer read(long position, int max) throws IOException {
        buffer.clear().limit(max);
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, position + buffer.position()) < 0) {
            throw new SourceException(path + " ended at byte " + (position + buffer.position()) + " of " + size
                + " while it was read");
          }
        }
        return buffer.flip();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
