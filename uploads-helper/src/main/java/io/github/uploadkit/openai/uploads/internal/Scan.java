package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The pass over an upload's bytes that computes the md5 and runs the content checks, cut into
 * short slices on the engine's scan threads so that many uploads share them in turn.
 */
final class Scan implements Runnable {
  private static final long SLICE_NANOS = 20_000_000;

  /** Hears how the scan ended. */
  interface Ended {
    /** The scan read every byte ({@code md5} null when off), or stopped early ({@code error} says why, or null). */
    void scanEnded(String md5, boolean complete, Throwable error);
  }

  private final SourceScanner scanner;
  private final Executor executor;
  private final EngineClock clock;
  private final BooleanSupplier stopping;
  private final Ended owner;

  Scan(SourceScanner scanner, Executor executor, EngineClock clock, BooleanSupplier stopping, Ended owner) {
    this.scanner = scanner;
    this.executor = executor;
    this.clock = clock;
    this.stopping = stopping;
    this.owner = owner;
  }

  @Override
  public void run() {
    boolean more;
    try {
      long end = clock.nanoTime() + SLICE_NANOS;
      do {
        if (stopping.getAsBoolean()) {
          close();
          owner.scanEnded(null, false, null);
          return;
        }
        more = scanner.step(executor);
      } while (more && clock.nanoTime() - end < 0);
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
