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
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;
import io.github.uploadkit.openai.uploads.internal.content.ContentInspector;
import okhttp3.RequestBody;

/** A file: parts stream from their regions, and a change of size or modification time stops the upload. */
final class FilePartSource implements PartSource {
  private static final int MD5_CHUNK = 1 << 20;

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
  public RequestBody body(PartRange part, PartBuffer buffer, BooleanSupplier stop) {
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
  public String scan(BooleanSupplier stop) throws IOException {
    MessageDigest md5 = digest ? Md5.newDigest() : null;
    ByteBuffer buffer = ByteBuffer.allocateDirect(MD5_CHUNK);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = 0;
      while (position < size) {
        if (stop.getAsBoolean()) {
          return null;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), size - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new SourceException(path + " ended at byte " + position + " of " + size + " while it was read");
        }
        buffer.flip();
        if (inspector != null) {
          inspector.accept(buffer);
        }
        if (md5 != null) {
          md5.update(buffer);
        }
        position += read;
      }
    }
    return md5 == null ? null : Md5.hex(md5);
  }
}
