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
  static final int SHORT_KEY = 64;

  private final byte[] bytes = new byte[MAX_BYTES];
  private final MessageDigest digest;
  private int length;
  private long total;
  private int highSurrogate = -1;
  private boolean digesting;
  private final byte[] longKey = new byte[1 + 16 + 8];

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
    if (digesting) {
      digest.reset();
      digesting = false;
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
    if (digest != null && (total > SHORT_KEY || digesting)) {
      if (!digesting) { // the text outgrew a short key: digest what came before, then the rest as it comes
        digesting = true;
        digest.update(bytes, 0, length - kept);
      }
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

  /** The index of the text among {@code names}, or -1; allocates nothing. */
  int indexIn(Names names) {
    flushSurrogate();
    return truncated() ? -1 : names.indexOf(bytes, 0, length);
  }

  /** Whether nothing was appended since the last reset. */
  boolean isEmpty() {
    return total == 0 && highSurrogate < 0;
  }

  /** The number of bytes of the whole text. */
  long total() {
    return total;
  }

  /**
   * The bytes of a key that tells strings apart, in a buffer reused by the next call, {@link
   * #keyLength()} long: the text itself up to {@value #SHORT_KEY} bytes, else 0xFF (never in
   * UTF-8), the md5 of the whole text and its length. A long text needs a digesting capture.
   */
  byte[] keyBytes() {
    flushSurrogate();
    if (shortKey()) {
      return bytes;
    }
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(longKey);
    key.put((byte) 0xff).put(digest.digest()).putLong(total);
    return longKey;
  }

  int keyLength() {
    return shortKey() ? length : longKey.length;
  }

  /** Whether {@link #key()} is the text itself. */
  boolean shortKey() {
    return total <= SHORT_KEY;
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

}
