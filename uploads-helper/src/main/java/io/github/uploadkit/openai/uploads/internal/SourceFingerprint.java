package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;

/**
 * What identifies a file's contents cheaply: its size, modification time, and the md5 of eight
 * sampled 64 KiB regions spread over it (about 512 KiB read, whatever the size).
 *
 * @param path the absolute path when taken
 * @param size the size in bytes
 * @param modifiedMillis the modification time in milliseconds
 * @param sampleMd5 the md5 of the size and the sampled regions, lowercase hex
 */
public record SourceFingerprint(String path, long size, long modifiedMillis, String sampleMd5) {
  static final int REGIONS = 8;
  static final int REGION_BYTES = 64 * 1024;

  /** Takes the fingerprint of a file. */
  public static SourceFingerprint of(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    long size = attributes.size();
    MessageDigest digest = Md5.newDigest();
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, size));
    ByteBuffer buffer = ByteBuffer.allocate(REGION_BYTES);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long span = Math.max(0, size - REGION_BYTES);
      for (int i = 0; i < REGIONS; i++) {
        long offset = span * i / (REGIONS - 1);
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
          // fill the region, or up to the end of the file
        }
        buffer.flip();
        digest.update(buffer);
      }
    }
    return new SourceFingerprint(file.toAbsolutePath().normalize().toString(), size,
        attributes.lastModifiedTime().toMillis(), Md5.hex(digest));
  }

  /** Why {@code now} is not the same contents, or null when it is. */
  public String differenceFrom(SourceFingerprint now) {
    if (size != now.size) {
      return "its size changed from " + size + " to " + now.size + " bytes";
    }
    if (modifiedMillis != now.modifiedMillis) {
      return "it was modified after the upload started";
    }
    if (!sampleMd5.equals(now.sampleMd5)) {
      return "its contents differ from those uploaded";
    }
    return null;
  }
}
