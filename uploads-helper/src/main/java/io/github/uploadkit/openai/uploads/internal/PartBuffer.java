package io.github.uploadkit.openai.uploads.internal;

/** One worker's reusable part buffer, allocated on first use; only stream sources need one. */
final class PartBuffer {
  private byte[] bytes;

  byte[] atLeast(int length) {
    if (bytes == null || bytes.length < length) {
      bytes = new byte[length];
    }
    return bytes;
  }
}
