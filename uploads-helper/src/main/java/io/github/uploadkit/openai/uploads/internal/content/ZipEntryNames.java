package io.github.uploadkit.openai.uploads.internal.content;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects the names in a ZIP archive's local file headers as the bytes stream by, without
 * inflating anything. A signature inside compressed data may add a stray name; callers only look
 * for names they expect.
 */
final class ZipEntryNames {
  private static final int[] SIGNATURE = {0x50, 0x4B, 0x03, 0x04};
  private static final int HEADER_BYTES = 26;
  private static final int MAX_NAMES = 10_000;
  private static final int MAX_NAME_BYTES = 1024;

  private final Set<String> names = new LinkedHashSet<>();
  private final byte[] header = new byte[HEADER_BYTES];
  private byte[] name;
  private int matched;
  private int filled = -1;

  void accept(int b) {
    if (name != null) {
      name[filled++] = (byte) b;
      if (filled == name.length) {
        if (names.size() < MAX_NAMES) {
          names.add(new String(name, StandardCharsets.UTF_8));
        }
        name = null;
        filled = -1;
      }
    } else if (filled >= 0) {
      header[filled++] = (byte) b;
      if (filled == HEADER_BYTES) {
        int length = (header[22] & 0xff) | (header[23] & 0xff) << 8;
        filled = 0;
        if (length == 0 || length > MAX_NAME_BYTES) {
          filled = -1;
        } else {
          name = new byte[length];
        }
      }
    } else if (b == SIGNATURE[matched]) {
      if (++matched == SIGNATURE.length) {
        matched = 0;
        filled = 0;
      }
    } else {
      matched = b == SIGNATURE[0] ? 1 : 0;
    }
  }

  Set<String> names() {
    return names;
  }
}
