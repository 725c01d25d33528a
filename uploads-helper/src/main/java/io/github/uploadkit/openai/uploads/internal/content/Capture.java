package io.github.uploadkit.openai.uploads.internal.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The decoded text of one JSON string as UTF-8: its first {@value #MAX_BYTES} bytes, whether
 * there were more, and, when asked for, an md5 of all of it, so that strings of any length can be
 * told apart in fixed memory.
 */
final class Capture {
  static final int MAX_BYTES = 1024;

  private final byte[] bytes = new byte[MAX_BYTES];
  private final MessageDigest digest;
  private int length;
  private long total;
  private int highSurrogate = -1;

  Capture(boolean digest) {
    try {
      this.digest = digest ? MessageDigest.getInstance("MD5") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  Capture reset() {
    length = 0;
    total = 0;
    highSurrogate = -1;
    if (digest != null) {
      digest.reset();
    }
    return this;
  }

  void append(byte[] source, int from, int to) {
    flushSurrogate();
    int n = to - from;
    int kept = Math.min(n, MAX_BYTES - length);
    if (kept > 0) {
      System.arraycopy(source, from, bytes, length, kept);
      length += kept;
    }
    total += n;
    if (digest != null) {
      digest.update(source, from, n);
    }
  }

  void append(byte b) {
    append(new byte[] {b}, 0, 1);
  }

  /** Appends a UTF-16 code unit from an escape, joining surrogate pairs; a lone surrogate becomes U+FFFD. */
  void appendUtf16(int unit) {
    if (Character.isHighSurrogate((char) unit)) {
      flushSurrogate();
      highSurrogate = unit;
      return;
    }
    int codePoint = unit;
    if (Character.isLowSurrogate((char) unit)) {
      codePoint = highSurrogate >= 0 ? Character.toCodePoint((char) highSurrogate, (char) unit) : 0xfffd;
      highSurrogate = -1;
    }
    flushSurrogate();
    byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
    append(encoded, 0, encoded.length);
  }

  private void flushSurrogate() {
    if (highSurrogate >= 0) {
      highSurrogate = -1;
      byte[] replacement = "\ufffd".getBytes(StandardCharsets.UTF_8);
      append(replacement, 0, replacement.length);
    }
  }

  /** Whether the string was longer than what is kept. */
  boolean truncated() {
    return total > length;
  }

  /** The kept text (all of it unless {@link #truncated()}). */
  String string() {
    flushSurrogate();
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** The md5 of the whole text and its length, as a key that tells strings apart; needs a digesting capture. */
  Object key() {
    flushSurrogate();
    java.nio.ByteBuffer md5 = java.nio.ByteBuffer.wrap(digest.digest());
    return new Key(md5.getLong(), md5.getLong(), total);
  }

  private record Key(long high, long low, long length) {
  }
}
