package io.github.uploadkit.openai.uploads.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Batch API's limits on an input file, 50,000 requests and 200 MB, checked before a one-file
 * upload starts: its content checks run while it uploads and would find a file over a limit only
 * at its end. The size costs nothing to check; the requests cost one read that counts lines.
 */
final class BatchLimits {
  static final int MAX_REQUESTS = 50_000;
  static final long MAX_BYTES = 200L * 1000 * 1000;

  private BatchLimits() {
  }

  /**
   * Refuses a batch file over a limit, saying how to get under it.
   *
   * @throws IllegalArgumentException when the file has more bytes or lines than a batch takes
   * @throws IOException when the file cannot be read
   */
  static void check(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException(file + " has " + size + " bytes: a batch input file may have at most "
          + MAX_BYTES + " (200 MB); split it into smaller files, one batch each; nothing was sent");
    }
    long lines = lines(file);
    if (lines > MAX_REQUESTS) {
      throw new IllegalArgumentException(file + " has " + lines + " requests (lines): a batch input file may have at"
          + " most " + MAX_REQUESTS + "; split it into files of at most " + MAX_REQUESTS + " lines, one batch each;"
          + " nothing was sent");
    }
  }

  /** The lines of a file: its newlines, plus one for a last line without one. */
  static long lines(Path file) throws IOException {
    long lines = 0;
    byte last = '\n';
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        last = buffer[n - 1];
      }
    }
    return last == '\n' ? lines : lines + 1;
  }
}
