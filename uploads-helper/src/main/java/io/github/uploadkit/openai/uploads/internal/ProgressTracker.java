package io.github.uploadkit.openai.uploads.internal;

import io.github.uploadkit.openai.uploads.UploadProgress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts bytes, parts and retries from many threads at once, and makes snapshots of them. */
final class ProgressTracker {
  private final long totalBytes;
  private final int partsTotal;
  private final long startNanos = System.nanoTime();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicInteger partsCompleted = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();

  ProgressTracker(long totalBytes, int partsTotal) {
    this.totalBytes = totalBytes;
    this.partsTotal = partsTotal;
  }

  void addBytes(long delta) {
    bytesSent.addAndGet(delta);
  }

  void partCompleted() {
    partsCompleted.incrementAndGet();
  }

  void retried() {
    retries.incrementAndGet();
  }

  int retries() {
    return retries.get();
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  UploadProgress snapshot() {
    long sent = Math.max(0, Math.min(totalBytes, bytesSent.get()));
    return new UploadProgress(totalBytes, sent, partsTotal, partsCompleted.get(), retries.get(), elapsed());
  }
}
