package io.github.uploadkit.openai.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

/** Makes test files of seeded random bytes and computes their md5. */
public final class TestFiles {
  private TestFiles() {
  }

  public static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
    return file;
  }

  public static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  public static String md5(Path file) throws IOException {
    MessageDigest digest = newMd5();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  public static String md5(byte[] bytes) {
    MessageDigest digest = newMd5();
    digest.update(bytes);
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /** A new MD5 digest (the JDK's). */
  public static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
