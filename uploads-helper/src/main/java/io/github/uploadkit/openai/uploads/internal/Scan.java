package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * The pass over an upload's bytes that computes the md5 and runs the content checks, cut into
 * short slices on the engine's scan threads so that many uploads share them in turn.
 */
final class Scan implements Runnable {
  private static final long SLICE_NANOS = 20_000_000;

  private final Transfer owner;
  private final SourceScanner scanner;
  private final Executor executor;

  Scan(Transfer owner, SourceScanner scanner, Executor executor) {
    this.owner = owner;
    this.scanner = scanner;
    this.executor = executor;
  }

  @Override
  public void run() {
    boolean more;
    try {
      long end = System.nanoTime() + SLICE_NANOS;
      do {
        if (owner.stopping()) {
          close();
          owner.scanEnded(null, false, null);
          return;
        }
        more = scanner.step(executor);
      } while (more && System.nanoTime() - end < 0);
    } catch (Throwable e) {
      close();
      owner.scanEnded(null, false, e);
      return;
    }
    if (!more) {
      close();
      owner.scanEnded(scanner.md5(), true, null);
      return;
    }
    try {
      executor.execute(this);
    } catch (RuntimeException | Error refused) {
      close();
      owner.scanEnded(null, false, refused);
    }
  }

  private void close() {
    try {
      scanner.close();
    } catch (IOException ignored) {
      // a read-only channel; nothing is lost
    }
  }
}
