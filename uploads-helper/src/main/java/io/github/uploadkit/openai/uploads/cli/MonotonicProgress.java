package io.github.uploadkit.openai.uploads.cli;

import io.github.uploadkit.openai.uploads.UploadProgress;

/**
 * What the display shows never goes back: events come from several threads, each with a snapshot
 * taken before it reached the display, and a failed attempt's bytes are taken back before its
 * retry. The display keeps the most bytes and parts it has shown (the retries count says why the
 * bytes pause).
 */
final class MonotonicProgress {
  private long bytes;
  private int parts;

  synchronized UploadProgress next(UploadProgress p) {
    bytes = Math.max(bytes, p.bytesSent());
    parts = Math.max(parts, p.partsCompleted());
    return new UploadProgress(p.totalBytes(), bytes, p.partsTotal(), parts, p.retries(), p.throttledRequests(),
        p.throttledTime(), p.elapsed());
  }

  /** A name cut to at most {@code max} characters, keeping its start and its end (the extension). */
  static String shorten(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    int tail = (max - 1) / 2;
    return name.substring(0, max - 1 - tail) + "~" + name.substring(name.length() - tail);
  }
}
