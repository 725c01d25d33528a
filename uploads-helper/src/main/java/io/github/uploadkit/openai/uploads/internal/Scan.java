package io.github.uploadkit.openai.uploads.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * The pass over an upload's bytes that computes the md5 and runs the content checks, cut into
 * short slices on the engine's scan threads so that many uploads share them. The scan of a small
 * file goes before the slices of large ones: each slice is due {@link #NANOS_PER_BYTE} per byte
 * left to read after it was queued, and the slice due first runs first, so a small upload's
 * completion does not wait for the md5 of large ones, and a large scan is never passed for long.
 */
final class Scan implements Runnable {
  private static final long SLICE_NANOS = 20_000_000;
  /** How long a scan may wait per byte of its file before it goes ahead of newer, smaller ones: 25 MB/s. */
  static final long NANOS_PER_BYTE = 40;
  /** Scans by when they are due; anything else (a step's helper task) first. */
  static final Comparator<Runnable> ORDER = Comparator.<Runnable>comparingInt(task -> task instanceof Scan ? 1 : 0)
      .thenComparing((a, b) -> a instanceof Scan x && b instanceof Scan y ? Long.compare(x.due - y.due, 0) : 0);

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
  /** When the queued slice is due; set before it is queued, read by the queue. */
  private volatile long due;

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
      queue();
    } catch (RuntimeException | Error refused) {
      close();
      owner.scanEnded(null, false, refused);
    }
  }

  /** Queues the first or next slice, due {@link #NANOS_PER_BYTE} per byte left from now. */
  void queue() {
    due = clock.nanoTime() + Math.min(scanner.remaining(), Long.MAX_VALUE / 4 / NANOS_PER_BYTE) * NANOS_PER_BYTE;
    executor.execute(this);
  }

  private void close() {
    try {
      scanner.close();
    } catch (IOException ignored) {
      // a read-only channel; nothing is lost
    }
  }
}
