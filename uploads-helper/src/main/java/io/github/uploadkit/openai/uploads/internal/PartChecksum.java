package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.PartRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/** The CRC32C of a part's region of a file, as a journal records it: 8 lowercase hex digits. */
final class PartChecksum {
  private PartChecksum() {
  }

  static String of(Path file, PartRange part) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = part.offset();
      while (position < part.end()) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), part.end() - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IOException(file + " ended at byte " + position);
        }
        crc.update(buffer.flip());
        position += read;
      }
    }
    return String.format("%08x", crc.getValue());
  }
}
